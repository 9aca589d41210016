using System.Net;
using System.Text.Json.Nodes;
using Features.Host.Tests.Infrastructure;
using Features.Host.TrainingSets.Snapshots;
using Features.Host.Tests.Jobs;
using Features.PluginSdk;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Api.TrainingSets;

public sealed class SnapshotApiTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private const string Url = "/api/v1/training-sets/snapshot";

    /// <summary>
    /// Daily bars on every weekday from Monday 2024-01-01 to 2024-02-29, close = (i + 1) × scale for the i-th bar, so sma(2)
    /// at bar i is (i + 0.5) × scale: bar 7 is Wednesday 2024-01-10, bar 9 Friday 2024-01-12, bar 11 Tuesday 2024-01-16.
    /// </summary>
    private static Bar[] Daily(double scale = 1, Func<DateTime, bool>? from = null, double revise = 1)
    {
        var bars = new List<Bar>();
        var i = 0;
        for (var day = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc); day < new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc); day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            var close = (i + 1) * scale * (from?.Invoke(day) == true ? revise : 1);
            bars.Add(new Bar(Micros(day), close, close, close, close, 1000));
            i++;
        }
        return [.. bars];
    }

    /// <summary>Hourly bars every hour of 2024-01-08 .. 2024-01-12, close = 100 + k for the k-th bar (k = 0 at 01-08 00:00).</summary>
    private static Bar[] Hourly()
    {
        var start = new DateTime(2024, 1, 8, 0, 0, 0, DateTimeKind.Utc);
        return [.. Enumerable.Range(0, 5 * 24).Select(k => new Bar(Micros(start.AddHours(k)), 100 + k, 100 + k, 100 + k, 100 + k, 10))];
    }

    private static long Micros(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    private static async Task<JsonNode> SnapshotAsync(HttpClient client, object request)
    {
        var (status, body) = await client.PostJsonAsync(Url, request);
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!;
    }

    private static JsonNode Row(JsonNode snapshot, string symbol) => snapshot["rows"]!.AsArray().Single(r => r!["symbol"]!.GetValue<string>() == symbol)!;

    private static string[] Hashes(JsonNode snapshot) => [.. snapshot["datasets"]!["version_hashes"]!.AsArray().Select(h => h!.GetValue<string>())];

    [Theory, MemberData(nameof(Backends))]
    public async Task A_snapshot_takes_the_latest_bar_closed_by_as_of_exactly_at_a_close_one_tick_before_and_on_a_weekend(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(Daily(2)));
        var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 2 })).Id();
        object Request(string asOf) => new
        {
            features = new object[]
            {
                new { feature_id = sma, alias = "sma2" },
                new { feature_id = sma, alias = "lag", lag = 1 },
                new { feature_id = sma, alias = "fresh", max_staleness_seconds = 86_400 },
            },
            symbols = new[] { symbol },
            timeframe = "1d",
            as_of = asOf,
        };

        // The 1d bar stamped Wednesday 2024-01-10 (bar 7) closes at Thursday 00:00Z: visible exactly then.
        var atClose = Row(await SnapshotAsync(client, Request("2024-01-11T00:00:00Z")), symbol);
        atClose["timestamp"]!.GetValue<DateTime>().ShouldBe(new DateTime(2024, 1, 10, 0, 0, 0, DateTimeKind.Utc));
        atClose["sma2__sma"]!.GetValue<double>().ShouldBe(7.5 * 2, 1e-9);
        atClose["lag__sma"]!.GetValue<double>().ShouldBe(6.5 * 2, 1e-9);
        atClose["fresh__sma"]!.GetValue<double>().ShouldBe(7.5 * 2, 1e-9);

        // One microsecond earlier that bar is still open: Tuesday's (bar 6) is the latest known.
        var before = Row(await SnapshotAsync(client, Request("2024-01-10T23:59:59.999999Z")), symbol);
        before["timestamp"]!.GetValue<DateTime>().ShouldBe(new DateTime(2024, 1, 9, 0, 0, 0, DateTimeKind.Utc));
        before["sma2__sma"]!.GetValue<double>().ShouldBe(6.5 * 2, 1e-9);

        // The same instant in another zone is the same snapshot.
        var zoned = Row(await SnapshotAsync(client, Request("2024-01-11T01:00:00+01:00")), symbol);
        zoned["sma2__sma"]!.GetValue<double>().ShouldBe(7.5 * 2, 1e-9);

        // Sunday noon: Friday's bar (9, closed Saturday 00:00) is 36 h old; a 24 h staleness limit nulls it.
        var weekend = Row(await SnapshotAsync(client, Request("2024-01-14T12:00:00Z")), symbol);
        weekend["timestamp"]!.GetValue<DateTime>().ShouldBe(new DateTime(2024, 1, 12, 0, 0, 0, DateTimeKind.Utc));
        weekend["sma2__sma"]!.GetValue<double>().ShouldBe(9.5 * 2, 1e-9);
        weekend["lag__sma"]!.GetValue<double>().ShouldBe(8.5 * 2, 1e-9);
        weekend["fresh__sma"].ShouldBeNull();
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_1d_feature_on_a_1h_grid_is_seen_only_once_its_day_has_closed(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(Daily()));
        await client.IngestAsync(symbol, "1h", Csv.From(Hourly()));
        var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 2 })).Id();
        object Request(string asOf) => new
        {
            features = new object[] { new { feature_id = sma, alias = "day", timeframe = "1d" }, new { feature_id = sma, alias = "hour" } },
            symbols = new[] { symbol },
            timeframe = "1h",
            as_of = asOf,
        };

        // 23:00 on Wednesday 2024-01-10: the 22:00 hourly bar (k = 70) has closed, the day has not: Tuesday's daily value (bar 6).
        var late = Row(await SnapshotAsync(client, Request("2024-01-10T23:00:00Z")), symbol);
        late["hour__sma"]!.GetValue<double>().ShouldBe((170 + 169) / 2.0, 1e-9);
        late["day__sma"]!.GetValue<double>().ShouldBe(6.5, 1e-9);
        late["timestamp"]!.GetValue<DateTime>().ShouldBe(new DateTime(2024, 1, 10, 22, 0, 0, DateTimeKind.Utc));

        // Midnight: the 23:00 bar and Wednesday's daily bar (7) close together.
        var midnight = Row(await SnapshotAsync(client, Request("2024-01-11T00:00:00Z")), symbol);
        midnight["hour__sma"]!.GetValue<double>().ShouldBe((171 + 170) / 2.0, 1e-9);
        midnight["day__sma"]!.GetValue<double>().ShouldBe(7.5, 1e-9);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Data_after_as_of_changes_no_value_and_a_revision_before_it_does(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(Daily()));
        var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 2 })).Id();
        var request = new
        {
            features = new object[] { new { feature_id = sma, alias = "sma2" }, new { feature_id = sma, alias = "lag", lag = 1 } },
            symbols = new[] { symbol },
            as_of = "2024-01-17T00:00:00Z",
        };
        var first = await SnapshotAsync(client, request);
        Row(first, symbol)["sma2__sma"]!.GetValue<double>().ShouldBe(11.5, 1e-9);

        // Every bar from Wednesday 2024-01-17 on, ten times larger: the datasets are recomputed, the values at as_of are not moved.
        var cut = new DateTime(2024, 1, 17, 0, 0, 0, DateTimeKind.Utc);
        await client.IngestAsync(symbol, "1d", Csv.From(Daily(from: d => d >= cut, revise: 10).Where(b => b.Timestamp >= Micros(cut))));
        var after = await SnapshotAsync(client, request);
        Hashes(after).ShouldNotBe(Hashes(first));
        after["datasets"]!["computed"]!.GetValue<int>().ShouldBe(1);
        Row(after, symbol).ToJsonString().ShouldBe(Row(first, symbol).ToJsonString());

        // Revising Tuesday's bar (11, before as_of) does move them: the test above could have failed.
        var tuesday = new DateTime(2024, 1, 16, 0, 0, 0, DateTimeKind.Utc);
        await client.IngestAsync(symbol, "1d", Csv.From(Daily(from: d => d == tuesday, revise: 3).Where(b => b.Timestamp == Micros(tuesday))));
        var revised = Row(await SnapshotAsync(client, request), symbol);
        revised["sma2__sma"]!.GetValue<double>().ShouldBe((12 * 3 + 11) / 2.0, 1e-9);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Missing_datasets_are_computed_once_and_then_read_from_the_store(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbols = new[] { ApiClient.NewSymbol(), ApiClient.NewSymbol() };
        foreach (var (symbol, i) in symbols.Select((s, i) => (s, i))) await client.IngestAsync(symbol, "1d", Csv.From(Daily(i + 1)));
        var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 2 })).Id();
        var sma3 = (await client.CreateFeatureAsync("technical.sma", new { period = 3 })).Id();
        object Request(params string[] features) => new
        {
            features = features.Select((f, i) => new { feature_id = f, alias = $"m{i}" }).ToArray(),
            symbols,
            as_of = "2024-02-10T00:00:00Z",
        };

        var first = await SnapshotAsync(client, Request(sma));
        first["datasets"]!["computed"]!.GetValue<int>().ShouldBe(2);
        first["datasets"]!["count"]!.GetValue<int>().ShouldBe(2);
        var again = await SnapshotAsync(client, Request(sma));
        again["datasets"]!["computed"]!.GetValue<int>().ShouldBe(0);
        Hashes(again).ShouldBe(Hashes(first));
        again["rows"]!.ToJsonString().ShouldBe(first["rows"]!.ToJsonString());

        // A second member: only its two datasets are new. Friday 2024-02-09 is bar 29: sma(3) = 29 × scale.
        var grown = await SnapshotAsync(client, Request(sma, sma3));
        grown["datasets"]!["computed"]!.GetValue<int>().ShouldBe(2);
        grown["datasets"]!["count"]!.GetValue<int>().ShouldBe(4);
        Row(grown, symbols[1])["m1__sma"]!.GetValue<double>().ShouldBe(29 * 2, 1e-9);
        Row(grown, symbols[1])["m0__sma"]!.GetValue<double>().ShouldBe(29.5 * 2, 1e-9);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task The_wide_layout_holds_the_long_layouts_values_under_symbol_column_names(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbols = new[] { ApiClient.NewSymbol(), ApiClient.NewSymbol() };
        foreach (var (symbol, i) in symbols.Select((s, i) => (s, i))) await client.IngestAsync(symbol, "1d", Csv.From(Daily(i + 1)));
        var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 2 })).Id();
        var bb = (await client.CreateFeatureAsync("technical.bb", new { })).Id();
        object Request(string layout) => new
        {
            features = new object[] { new { feature_id = sma, alias = "sma2" }, new { feature_id = bb } },
            symbols,
            as_of = "2024-02-10T00:00:00Z",
            layout,
        };

        var longForm = await SnapshotAsync(client, Request("long"));
        var wide = await SnapshotAsync(client, Request("wide"));
        wide["layout"]!.GetValue<string>().ShouldBe("wide");
        var columns = longForm["columns"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        columns.Count.ShouldBeGreaterThan(2);
        var expected = symbols.Order(StringComparer.Ordinal).SelectMany(s => columns.Select(c => $"{s}__{c}")).ToList();
        wide["columns"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(expected);
        var row = wide["rows"]!.AsArray().Single()!;
        row["timestamp"]!.GetValue<DateTime>().ShouldBe(new DateTime(2024, 2, 10, 0, 0, 0, DateTimeKind.Utc));
        foreach (var symbol in symbols)
        {
            foreach (var column in columns) row[$"{symbol}__{column}"]?.ToJsonString().ShouldBe(Row(longForm, symbol)[column]?.ToJsonString());
        }
        Hashes(wide).ShouldBe(Hashes(longForm));
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Bad_input_is_a_422_naming_the_field(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(Daily()));
        var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 2 })).Id();
        object Request(object? features = null, object? symbols = null, string? asOf = "2024-01-11T00:00:00Z", string layout = "long") => new
        {
            features = features ?? new object[] { new { feature_id = sma } },
            symbols = symbols ?? new[] { symbol },
            as_of = asOf,
            layout,
        };
        var cases = new (object Request, string Field)[]
        {
            (Request(features: new object[] { new { feature_id = Guid.NewGuid() } }), "features"),
            (Request(features: Array.Empty<object>()), "features"),
            (Request(features: new object[] { new { feature_id = sma, columns = new[] { "nope" } } }), "features[0].columns"),
            (Request(features: new object[] { new { feature_id = sma, alias = "a" }, new { feature_id = sma, alias = "a" } }), "features"),
            (Request(features: new object[] { new { feature_id = sma, lag = -1 } }), "features[0].lag"),
            (Request(asOf: null), "as_of"),
            (Request(asOf: "2024-01-11T00:00:00"), "as_of"),
            (Request(asOf: "2024-01-11"), "as_of"),
            (Request(asOf: "yesterday"), "as_of"),
            (Request(symbols: Array.Empty<string>()), "symbols"),
            (Request(symbols: new[] { ApiClient.NewSymbol() }), "symbols"),
            (Request(symbols: new { prefix = "NOSUCHPREFIX" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant() }), "symbols"),
            (Request(layout: "tall"), "layout"),
        };
        foreach (var (request, field) in cases)
        {
            var (status, problem) = await client.PostJsonAsync(Url, request);
            status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
            problem.ErrorFields().ShouldContain(field, problem!.ToJsonString());
        }
    }

    /// <summary>Two symbols (scale 1 and 2) and two features (sma 2 and sma 3) at Saturday 2024-02-10: Friday is bar 29.</summary>
    private static async Task<(string[] Symbols, object Request)> TwoByTwoAsync(HttpClient client)
    {
        var symbols = new[] { ApiClient.NewSymbol(), ApiClient.NewSymbol() }.Order(StringComparer.Ordinal).ToArray();
        foreach (var (symbol, i) in symbols.Select((s, i) => (s, i))) await client.IngestAsync(symbol, "1d", Csv.From(Daily(i + 1)));
        var sma2 = (await client.CreateFeatureAsync("technical.sma", new { period = 2 })).Id();
        var sma3 = (await client.CreateFeatureAsync("technical.sma", new { period = 3 })).Id();
        var request = new
        {
            features = new object[] { new { feature_id = sma2, alias = "a" }, new { feature_id = sma3, alias = "b" }, new { feature_id = sma2, alias = "c", lag = 1 } },
            symbols,
            as_of = "2024-02-10T00:00:00Z",
        };
        return (symbols, request);
    }

    private static void ShouldHoldTheHandComputedValues(JsonNode snapshot, string[] symbols)
    {
        foreach (var (symbol, i) in symbols.Select((s, i) => (s, i)))
        {
            var row = Row(snapshot, symbol);
            row["a__sma"]!.GetValue<double>().ShouldBe(29.5 * (i + 1), 1e-9);
            row["b__sma"]!.GetValue<double>().ShouldBe(29.0 * (i + 1), 1e-9);
            row["c__sma"]!.GetValue<double>().ShouldBe(28.5 * (i + 1), 1e-9);
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_repeated_materialised_snapshot_reads_no_file_recalls_no_hash_and_queries_no_dataset(string backend)
    {
        using var app = FeaturesApp.Start(backend);
        var client = app.CreateClient();
        var index = app.Services.GetRequiredService<DatasetValuesIndex>();
        var service = app.Services.GetRequiredService<SnapshotService>();
        var (symbols, request) = await TwoByTwoAsync(client);

        var first = await SnapshotAsync(client, request);
        first["datasets"]!["computed"]!.GetValue<int>().ShouldBe(4);
        ShouldHoldTheHandComputedValues(first, symbols);
        index.Loads.ShouldBe(4); // each computed dataset read once into the index

        // The second one recalls the hashes of what the first computed (one pass over plan facts), reads nothing.
        var second = await SnapshotAsync(client, request);
        index.Loads.ShouldBe(4);
        service.HashesRecalled.ShouldBe(8);
        var queries = service.DatasetQueries;

        // From then on: no file, no plan recall, no dataset query; the same answer.
        for (var i = 0; i < 3; i++)
        {
            var again = await SnapshotAsync(client, request);
            again["rows"]!.ToJsonString().ShouldBe(second["rows"]!.ToJsonString());
            Hashes(again).ShouldBe(Hashes(first));
        }
        index.Loads.ShouldBe(4);
        service.HashesRecalled.ShouldBe(8);
        service.DatasetQueries.ShouldBe(queries);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_value_index_smaller_than_the_working_set_still_answers_every_value(string backend)
    {
        // Room for about one dataset (43 daily rows x 3 values); the snapshot reads four.
        using var app = FeaturesApp.Start(backend, new Dictionary<string, string?> { ["Features:Snapshots:IndexValues"] = "150" });
        var client = app.CreateClient();
        var index = app.Services.GetRequiredService<DatasetValuesIndex>();
        var (symbols, request) = await TwoByTwoAsync(client);

        var first = await SnapshotAsync(client, request);
        ShouldHoldTheHandComputedValues(first, symbols);
        index.SizeValues.ShouldBeLessThanOrEqualTo(150);
        index.Evictions.ShouldBeGreaterThan(0);

        // Repeated: the evicted datasets are read again and give the same values.
        var loads = index.Loads;
        var again = await SnapshotAsync(client, request);
        index.Loads.ShouldBeGreaterThan(loads);
        ShouldHoldTheHandComputedValues(again, symbols);
        again["rows"]!.ToJsonString().ShouldBe(first["rows"]!.ToJsonString());
        Hashes(again).ShouldBe(Hashes(first));
    }
}
