using System.Net;
using System.Text.Json.Nodes;
using Features.Host.Tests.Infrastructure;
using Features.Host.Tests.Jobs;
using Features.Plugins.Tests.Reference;
using Features.PluginSdk;

namespace Features.Host.Tests.Api.TrainingSets;

public sealed class TrainingSetsApiTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private static Bar[] Default => ReferenceData.Quotes("default.csv");

    // The reference quotes end on 2018-12-31: a range ending in November leaves bars for every label.
    private const string Start = "2018-01-01", End = "2018-11-01";

    /// <summary>Two symbols standing in for DEMO and its benchmark MKT (fresh names, so runs never share rows).</summary>
    internal static async Task<string[]> IngestPairAsync(HttpClient client, string? demo = null, string? mkt = null)
    {
        var symbols = new[] { demo ?? ApiClient.NewSymbol(), mkt ?? ApiClient.NewSymbol() };
        await client.IngestAsync(symbols[0], "1d", Csv.From(Default));
        await client.IngestAsync(symbols[1], "1d", Csv.From(Default.Select(b => b with { Close = b.Close * 2, Open = b.Open * 2, High = b.High * 2, Low = b.Low * 2 })));
        return symbols;
    }

    internal static object Request(string featureId, object symbols, object? label = null, object? splits = null, string end = End, object? processors = null) => new
    {
        features = new[] { new { feature_id = featureId, alias = "sma2" } },
        symbols,
        timeframe = "1d",
        start_date = Start,
        end_date = end,
        label = label ?? new { kind = "forward_return" },
        processors,
        splits = splits ?? new { kind = "purged_kfold", k = 3, embargo_pct = 0.01 },
    };

    internal static async Task<JsonNode> BuildAsync(HttpClient client, object request)
    {
        var (status, submitted) = await client.PostJsonAsync("/api/v1/training-sets", request);
        status.ShouldBe(HttpStatusCode.Accepted, submitted?.ToJsonString());
        await client.WaitForJobAsync(submitted!["id"]!.GetValue<string>());
        var (code, read) = await client.GetJsonAsync($"/api/v1/training-sets/{submitted["id"]!.GetValue<string>()}");
        code.ShouldBe(HttpStatusCode.OK);
        read!["status"]!.GetValue<string>().ShouldBe("succeeded", read.ToJsonString());
        return read;
    }

    private static async Task<byte[]> DataAsync(HttpClient client, JsonNode read, string format = "parquet")
    {
        var response = await client.GetAsync($"/api/v1/training-sets/{read["id"]!.GetValue<string>()}/data?format={format}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_training_set_over_two_symbols_joins_the_feature_and_labels_the_next_bars_forward_return(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbols = await IngestPairAsync(client);
        var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 2 })).Id();

        var read = await BuildAsync(client, Request(sma, symbols));
        read["cached"]!.GetValue<bool>().ShouldBeFalse();
        var bytes = await DataAsync(client, read);
        var table = ParquetFiles.Read(bytes);

        table.Keys.ShouldBe(["timestamp", "symbol", "sma2__sma", "label", "label_start", "label_end"]);
        // The read names the file's rows and columns as a Parquet reader finds them.
        read["row_count"]!.GetValue<long>().ShouldBe(table["timestamp"].Count);
        read["columns"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(table.Keys);
        var inRange = Default.Select((b, i) => (Bar: b, Index: i))
            .Where(x => x.Bar.Timestamp >= Csv.Micros(Start) && x.Bar.Timestamp < Csv.Micros(End)).ToList();
        table["timestamp"].Count.ShouldBe(2 * inRange.Count);
        var unlabelled = Enumerable.Range(0, table["label"].Count).Where(r => table["label"][r] is null).ToList();
        unlabelled.ShouldBeEmpty($"rows without a label of {table["label"].Count}: {string.Join(",", unlabelled.Take(10))}; last in range {inRange[^1].Index} of {Default.Length} bars");
        for (var row = 0; row < table["timestamp"].Count; row++)
        {
            var (bar, index) = inRange[row / 2];
            ((string)table["symbol"][row]!).ShouldBe(symbols.Order(StringComparer.Ordinal).ElementAt(row % 2));
            var symbolScale = (string)table["symbol"][row]! == symbols[0] ? 1 : 2;
            ((DateTime)table["timestamp"][row]!).ShouldBe(DateTime.UnixEpoch.AddTicks(bar.Timestamp * 10));
            // sma(2) of this bar and the one before; the label is close[i+2] / close[i+1] - 1 (Qlib's LABEL0).
            ((double)table["sma2__sma"][row]!).ShouldBe(symbolScale * (Default[index].Close + Default[index - 1].Close) / 2, 1e-4 * bar.Close * symbolScale);
            ((double)table["label"][row]!).ShouldBe(Default[index + 2].Close / Default[index + 1].Close - 1, 1e-9);
            ((DateTime)table["label_start"][row]!).ShouldBe(DateTime.UnixEpoch.AddTicks(Default[index + 1].Timestamp * 10));
            ((DateTime)table["label_end"][row]!).ShouldBe(DateTime.UnixEpoch.AddTicks(Default[index + 2].Timestamp * 10));
        }
        // A second Parquet implementation (DuckDB's) reads the same table, value for value; the time columns are
        // delta-packed and the symbols dictionary-encoded.
        var duck = DuckDbFiles.Read(bytes);
        duck.Keys.ShouldBe(table.Keys);
        foreach (var (name, values) in table) duck[name].ShouldBe(values, name);
        var chunks = DuckDbFiles.ColumnChunks(bytes);
        chunks.Where(c => c.Column is "timestamp" or "label_start" or "label_end").Count().ShouldBe(3);
        chunks.Where(c => c.Column is "timestamp" or "label_start" or "label_end").ShouldAllBe(c => c.Encodings.Contains("DELTA_BINARY_PACKED"));
        chunks.Single(c => c.Column == "symbol").Encodings.ShouldContain("DICTIONARY");

        var (splitsStatus, splits) = await client.GetJsonAsync($"/api/v1/training-sets/{read["id"]!.GetValue<string>()}/splits");
        splitsStatus.ShouldBe(HttpStatusCode.OK, splits?.ToJsonString());
        splits!["kind"]!.GetValue<string>().ShouldBe("purged_kfold");
        var folds = splits["splits"]!.AsArray();
        folds.Count.ShouldBe(3);
        var tested = folds.SelectMany(f => f!["test"]!.AsArray()).Sum(r => r![1]!.GetValue<long>() - r[0]!.GetValue<long>());
        tested.ShouldBe(table["timestamp"].Count);

        var csv = System.Text.Encoding.UTF8.GetString(await DataAsync(client, read, "csv"));
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1 + table["timestamp"].Count);

        var again = await BuildAsync(client, Request(sma, symbols));
        again["cached"]!.GetValue<bool>().ShouldBeTrue();
        again["content_hash"]!.GetValue<string>().ShouldBe(read["content_hash"]!.GetValue<string>());
        again["row_count"]!.GetValue<long>().ShouldBe(table["timestamp"].Count);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Bad_input_is_a_422_naming_the_field_and_nothing_is_queued(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbols = await IngestPairAsync(client);
        var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 2 })).Id();
        var cases = new (object Request, string Field)[]
        {
            (Request(Guid.NewGuid().ToString(), symbols), "features"),
            (Request(sma, new[] { ApiClient.NewSymbol() }), "symbols"),
            (Request(sma, symbols, label: new { kind = "forward_return", horizon = 0 }), "label.horizon"),
            (Request(sma, symbols, splits: new { kind = "purged_kfold", k = 1 }), "splits.k"),
            (Request(sma, symbols, splits: new { kind = "purged_kfold", k = 3, embargo_pct = 0.5 }), "splits.embargo_pct"),
            (Request(sma, symbols, splits: new { kind = "purged_kfold", k = 3, embargo_pct = -0.01 }), "splits.embargo_pct"),
            // The pair has daily bars only: a member asked on 1h can be neither found nor computed.
            (new
            {
                features = new[] { new { feature_id = sma, alias = "sma2", timeframe = "1h" } },
                symbols,
                timeframe = "1d",
                start_date = Start,
                end_date = End,
            }, "features[0].timeframe"),
        };
        foreach (var (request, field) in cases)
        {
            var (status, problem) = await client.PostJsonAsync("/api/v1/training-sets", request);
            status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
            problem.ErrorFields().ShouldContain(field, problem!.ToJsonString());
        }
        var (_, jobs) = await client.GetJsonAsync("/api/v1/jobs?limit=500");
        jobs!.AsArray().ShouldNotContain(j => j!["request"]!.ToJsonString().Contains(symbols[0]));
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_member_that_cannot_be_computed_fails_the_set_with_its_problem_wherever_its_symbol_stands(string backend)
    {
        // The build reads each symbol as soon as its members exist: a member failing for the first symbol, or for a
        // later one while earlier symbols are already joined, must fail the set with that member's problem.
        var client = ApiClient.Client(backend);
        string full = ApiClient.NewSymbol(), early = ApiClient.NewSymbol();
        await client.IngestAsync(full, "1d", Csv.From(Default));
        await client.IngestAsync(early, "1d", Csv.From([.. Default.Where(b => b.Timestamp < Csv.Micros("2017-06-01"))]));
        var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 2 })).Id();
        foreach (var symbols in new[] { new[] { early, full }, new[] { full, early } })
        {
            var (status, submitted) = await client.PostJsonAsync("/api/v1/training-sets", Request(sma, symbols));
            status.ShouldBe(HttpStatusCode.Accepted, submitted?.ToJsonString());
            await client.WaitForJobAsync(submitted!["id"]!.GetValue<string>());
            var (_, read) = await client.GetJsonAsync($"/api/v1/training-sets/{submitted["id"]!.GetValue<string>()}");
            read!["status"]!.GetValue<string>().ShouldBe("failed", read.ToJsonString());
            read["content_hash"].ShouldBeNull(read.ToJsonString());
            read["row_count"].ShouldBeNull(read.ToJsonString());
            read["error"]!.ToJsonString().ShouldContain(early, Case.Sensitive, read.ToJsonString());
            var data = await client.GetAsync($"/api/v1/training-sets/{submitted["id"]!.GetValue<string>()}/data");
            data.IsSuccessStatusCode.ShouldBeFalse();
        }
        // Nothing of the failed builds is left in the way of the symbol that can be built.
        var built = await BuildAsync(client, Request(sma, new[] { full }));
        (await DataAsync(client, built)).Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_same_ingest_and_request_give_the_same_content_hash_and_identical_bytes_on_every_backend()
    {
        var (demo, mkt) = (ApiClient.NewSymbol(), ApiClient.NewSymbol());
        var outputs = new List<(string Backend, byte[] Data, byte[] Splits, string Hash)>();
        foreach (var backend in Infrastructure.Backends.Names())
        {
            var client = ApiClient.Client(backend);
            var symbols = await IngestPairAsync(client, demo, mkt);
            // Features are created per store, so their ids differ: the hash must not depend on them.
            var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 2 })).Id();
            var read = await BuildAsync(client, Request(sma, symbols, processors: new[] { new { kind = "cs_zscore", columns = "all" } }));
            var splits = await client.GetAsync($"/api/v1/training-sets/{read["id"]!.GetValue<string>()}/splits");
            splits.StatusCode.ShouldBe(HttpStatusCode.OK);
            outputs.Add((backend, await DataAsync(client, read), await splits.Content.ReadAsByteArrayAsync(), read["content_hash"]!.GetValue<string>()));
        }
        outputs[0].Data.Length.ShouldBeGreaterThan(0);
        outputs[0].Splits.Length.ShouldBeGreaterThan(0);
        foreach (var output in outputs.Skip(1))
        {
            output.Hash.ShouldBe(outputs[0].Hash, $"{output.Backend} hashes differently from {outputs[0].Backend}");
            output.Data.ShouldBe(outputs[0].Data, $"{output.Backend} differs from {outputs[0].Backend}");
            output.Splits.ShouldBe(outputs[0].Splits, $"{output.Backend}'s splits.json differs from {outputs[0].Backend}");
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Cutting_end_date_earlier_changes_no_feature_value_of_an_earlier_row(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbols = await IngestPairAsync(client);
        var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 5 })).Id();

        var full = ParquetFiles.Read(await DataAsync(client, await BuildAsync(client, Request(sma, symbols))));
        var cut = ParquetFiles.Read(await DataAsync(client, await BuildAsync(client, Request(sma, symbols, end: "2018-06-01"))));

        cut["timestamp"].Count.ShouldBeGreaterThan(0);
        cut["timestamp"].Count.ShouldBeLessThan(full["timestamp"].Count);
        cut["timestamp"].ShouldAllBe(t => (DateTime)t! < new DateTime(2018, 6, 1, 0, 0, 0, DateTimeKind.Utc));
        for (var row = 0; row < cut["timestamp"].Count; row++)
        {
            cut["timestamp"][row].ShouldBe(full["timestamp"][row]);
            cut["symbol"][row].ShouldBe(full["symbol"][row]);
            cut["sma2__sma"][row].ShouldBe(full["sma2__sma"][row], $"row {row} ({cut["symbol"][row]} {cut["timestamp"][row]})");
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Revising_one_bar_of_one_symbol_changes_only_that_symbols_rows_that_read_it_and_the_content_hash(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbols = await IngestPairAsync(client);
        var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 2 })).Id();
        var before = await BuildAsync(client, Request(sma, symbols));
        var original = ParquetFiles.Read(await DataAsync(client, before));

        // Bar k of the first symbol: sma(2) reads it at rows k and k+1, the label (close[i+2]/close[i+1]) at rows k-2 and k-1.
        var k = Array.FindIndex(Default, b => b.Timestamp >= Csv.Micros("2018-06-01"));
        var revised = Default[k] with { Close = Default[k].Close == Default[k].High ? Default[k].Low : Default[k].High };
        await client.IngestAsync(symbols[0], "1d", Csv.From([revised]));
        var after = await BuildAsync(client, Request(sma, symbols));
        var changed = ParquetFiles.Read(await DataAsync(client, after));

        after["content_hash"]!.GetValue<string>().ShouldNotBe(before["content_hash"]!.GetValue<string>());
        after["cached"]!.GetValue<bool>().ShouldBeFalse();
        changed["timestamp"].ShouldBe(original["timestamp"]);
        changed["symbol"].ShouldBe(original["symbol"]);
        var stamp = (int index) => DateTime.UnixEpoch.AddTicks(Default[index].Timestamp * 10);
        for (var row = 0; row < original["timestamp"].Count; row++)
        {
            var mine = (string)original["symbol"][row]! == symbols[0];
            var at = (DateTime)original["timestamp"][row]!;
            var featureMoves = mine && (at == stamp(k) || at == stamp(k + 1));
            var labelMoves = mine && (at == stamp(k - 2) || at == stamp(k - 1));
            var where = $"row {row} ({original["symbol"][row]} {at:yyyy-MM-dd})";
            if (featureMoves) changed["sma2__sma"][row].ShouldNotBe(original["sma2__sma"][row], where);
            else changed["sma2__sma"][row].ShouldBe(original["sma2__sma"][row], where);
            if (labelMoves) changed["label"][row].ShouldNotBe(original["label"][row], where);
            else changed["label"][row].ShouldBe(original["label"][row], where);
            changed["label_start"][row].ShouldBe(original["label_start"][row], where);
            changed["label_end"][row].ShouldBe(original["label_end"][row], where);
        }
    }

    /// <summary>
    /// A 1d member (sma(1): the day's close) on a 1h grid. Day d's bar closes at d+1 00:00Z, with the day's 23:00 row: the
    /// rows 00:00-22:00 see the day before, the 23:00 row sees day d. Expected values come from that rule applied by hand.
    /// </summary>
    [Theory, MemberData(nameof(Backends))]
    public async Task A_daily_member_reaches_an_hourly_grid_only_at_the_days_close_with_lag_and_max_staleness_applied(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        var day0 = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        static long Micros(DateTime t) => (t - DateTime.UnixEpoch).Ticks / 10;
        var daily = Enumerable.Range(0, 8).Select(d => new Bar(Micros(day0.AddDays(d)), 100 + d, 101 + d, 99 + d, 100.5 + d, 1000)).ToArray();
        var hourly = Enumerable.Range(0, 8 * 24).Select(h => new Bar(Micros(day0.AddHours(h)), 50 + h * 0.01, 52 + h * 0.01, 48 + h * 0.01, 50 + h * 0.01, 10)).ToArray();
        await client.IngestAsync(symbol, "1d", Csv.From(daily));
        await client.IngestAsync(symbol, "1h", Csv.From(hourly));
        var close = (await client.CreateFeatureAsync("technical.sma", new { period = 1 })).Id();
        var (start, end) = (day0.AddDays(2), day0.AddDays(6));

        var read = await BuildAsync(client, new
        {
            features = new object[]
            {
                new { feature_id = close, alias = "d", timeframe = "1d" },
                new { feature_id = close, alias = "lagged", timeframe = "1d", lag = 1 },
                new { feature_id = close, alias = "fresh", timeframe = "1d", max_staleness_seconds = 6 * 3600 },
            },
            symbols = new[] { symbol },
            timeframe = "1h",
            start_date = start.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            end_date = end.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            label = new { kind = "forward_return" },
            drop_incomplete_labels = false,
        });
        var table = ParquetFiles.Read(await DataAsync(client, read));

        // The member's bars are the days in [start, end); a row sees the last one closed by its own close.
        var memberDays = Enumerable.Range(2, 4).ToArray();
        double? Expected(DateTime row, int lag, TimeSpan? maxStaleness)
        {
            var rowClose = row.AddHours(1);
            var visible = Array.FindLastIndex(memberDays, d => day0.AddDays(d + 1) <= rowClose) - lag;
            if (visible < 0) return null;
            var barClose = day0.AddDays(memberDays[visible] + 1);
            if (maxStaleness is { } limit && rowClose - barClose > limit) return null;
            return daily[memberDays[visible]].Close;
        }
        table["timestamp"].Count.ShouldBe(4 * 24);
        for (var row = 0; row < table["timestamp"].Count; row++)
        {
            var at = (DateTime)table["timestamp"][row]!;
            at.ShouldBe(start.AddHours(row));
            table["d__sma"][row].ShouldBe(Expected(at, 0, null), $"{at:MM-dd HH}:00");
            table["lagged__sma"][row].ShouldBe(Expected(at, 1, null), $"{at:MM-dd HH}:00 lag 1");
            table["fresh__sma"][row].ShouldBe(Expected(at, 0, TimeSpan.FromHours(6)), $"{at:MM-dd HH}:00 max_staleness 6h");
        }
        // The boundary itself, stated plainly: day 3's value is not at its 22:00 row, and is at its 23:00 row.
        table["d__sma"][24 + 22].ShouldBe(daily[2].Close);
        table["d__sma"][24 + 23].ShouldBe(daily[3].Close);
        table["fresh__sma"][24 + 5].ShouldBe(daily[2].Close);
        table["fresh__sma"][24 + 6].ShouldBeNull();
    }
}
