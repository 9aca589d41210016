using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;
using Features.PluginSdk;

namespace Features.Host.Tests.Generation;

public sealed class GenerationTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private static Bar[] Default => ReferenceData.Quotes("default.csv");

    private static async Task<string> IngestDefaultAsync(HttpClient client, Bar[]? bars = null)
    {
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(bars ?? Default));
        return symbol;
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Sma_and_rsi_generated_through_the_API_match_the_published_baselines(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = await IngestDefaultAsync(client);
        foreach (var (key, stem, column) in new[] { ("technical.sma", "sma", "sma"), ("technical.rsi", "rsi", "rsi") })
        {
            var feature = await client.CreateFeatureAsync(key);
            var id = feature["id"]!.GetValue<string>();
            var result = await client.GenerateAsync(id, symbol, "2017-01-03", "2019-01-01");
            result["row_count"]!.GetValue<long>().ShouldBe(502);
            result["cached"]!.GetValue<bool>().ShouldBeFalse();
            result["columns"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(["timestamp", column]);

            var data = ParquetFiles.Read(await client.DownloadAsync(id, result["version_hash"]!.GetValue<string>(), "parquet"), out var metadata);
            metadata["features.version_hash"].ShouldBe(result["version_hash"]!.GetValue<string>());
            var baseline = ReferenceData.Results(stem);
            data["timestamp"].Select(t => ((DateTime)t!).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture))
                .ShouldBe(baseline.Rows.Select(r => (string)r["timestamp"]!));
            var expected = baseline.Column(column);
            for (var i = 0; i < expected.Length; i++)
            {
                if (expected[i] is null) data[column][i].ShouldBeNull($"{key} row {i}");
                else
                {
                    var a = (double)data[column][i]!;
                    var e = (double)expected[i]!;
                    Math.Abs(a - e).ShouldBeLessThanOrEqualTo(1e-9 * Math.Max(Math.Abs(a), Math.Abs(e)) + 1e-12, $"{key} row {i}");
                }
            }
        }
    }

    /// <summary>Both hashes recomputed here from the bars, from the spec's words alone.</summary>
    [Theory, MemberData(nameof(Backends))]
    public async Task Version_hash_and_source_fingerprint_follow_spec_v1(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = await IngestDefaultAsync(client);
        var feature = await client.CreateFeatureAsync("technical.rsi", new { period = 14.0 });
        var result = await client.GenerateAsync(feature["id"]!.GetValue<string>(), symbol, "2017-03-01", "2017-06-01");

        // RSI(14) declares 14 warm-up bars: the 14 bars before 2017-03-01 are fed, then [start, end).
        var start = Csv.Micros("2017-03-01");
        var end = Csv.Micros("2017-06-01");
        var firstInRange = System.Array.FindIndex(Default, b => b.Timestamp >= start);
        var fed = Default.Where((b, i) => i >= firstInRange - 14 && b.Timestamp < end).ToArray();
        var bytes = new byte[fed.Length * 48];
        for (var i = 0; i < fed.Length; i++)
        {
            var s = bytes.AsSpan(i * 48);
            BinaryPrimitives.WriteInt64LittleEndian(s, fed[i].Timestamp);
            BinaryPrimitives.WriteDoubleLittleEndian(s[8..], fed[i].Open);
            BinaryPrimitives.WriteDoubleLittleEndian(s[16..], fed[i].High);
            BinaryPrimitives.WriteDoubleLittleEndian(s[24..], fed[i].Low);
            BinaryPrimitives.WriteDoubleLittleEndian(s[32..], fed[i].Close);
            BinaryPrimitives.WriteDoubleLittleEndian(s[40..], fed[i].Volume);
        }
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(bytes));
        result["source_fingerprint"]!.GetValue<string>().ShouldBe(fingerprint);

        var (_, plugins) = await client.GetJsonAsync("/api/v1/features/plugins/available?type=technical");
        var version = plugins!.AsArray().Single(p => p!["key"]!.GetValue<string>() == "technical.rsi")!["version"]!.GetValue<string>();
        version.ShouldMatch("^[0-9.]+\\+[0-9a-f]{16}$");
        // 14.0 is printed as 14 in canonical JSON (RFC 8785).
        var canonical = "{\"end_date\":\"2017-06-01T00:00:00Z\",\"parameters\":{\"period\":14},\"plugin_key\":\"technical.rsi\"," +
                        $"\"plugin_version\":\"{version}\",\"source_fingerprint\":\"{fingerprint}\",\"start_date\":\"2017-03-01T00:00:00Z\"," +
                        $"\"symbol\":\"{symbol}\",\"timeframe\":\"1d\"}}";
        result["version_hash"]!.GetValue<string>().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        result["parameters"]!["period"]!.GetValue<int>().ShouldBe(14);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Dataset_ids_are_time_ordered_uuid_v7_in_the_order_the_datasets_were_made(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = await IngestDefaultAsync(client);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ids = new List<Guid>();
        foreach (var period in new[] { 5, 6, 7 })
        {
            var feature = (await client.CreateFeatureAsync("technical.sma", new { period }))["id"]!.GetValue<string>();
            ids.Add(Guid.Parse((await client.GenerateAsync(feature, symbol, "2018-01-01", "2018-07-01"))["dataset_id"]!.GetValue<string>()));
        }
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        ids.ShouldAllBe(id => id.Version == 7);
        // RFC 9562: the first 48 bits are the Unix time in milliseconds, so rows append to the id index in order.
        var millis = ids.Select(id => Convert.ToInt64(id.ToString("N")[..12], 16)).ToList();
        millis.ShouldAllBe(ms => ms >= before && ms <= after);
        millis.ShouldBe(millis.Order().ToList());
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Defaults_and_explicit_defaults_hash_alike_and_the_second_request_is_served_from_cache(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = await IngestDefaultAsync(client);
        var implicitId = (await client.CreateFeatureAsync("technical.rsi"))["id"]!.GetValue<string>();
        var explicitId = (await client.CreateFeatureAsync("technical.rsi", new { period = 14 }))["id"]!.GetValue<string>();
        var a = await client.GenerateAsync(implicitId, symbol, "2018-01-01", "2018-07-01");
        var b = await client.GenerateAsync(explicitId, symbol, "2018-01-01", "2018-07-01");
        a["version_hash"]!.GetValue<string>().ShouldBe(b["version_hash"]!.GetValue<string>());

        var again = await client.GenerateAsync(implicitId, symbol, "2018-01-01", "2018-07-01");
        again["cached"]!.GetValue<bool>().ShouldBeTrue();
        again["dataset_id"]!.GetValue<string>().ShouldBe(a["dataset_id"]!.GetValue<string>());
        again["preview"]!.ToJsonString().ShouldBe(a["preview"]!.ToJsonString());
        var (_, versions) = await client.GetJsonAsync($"/api/v1/features/{implicitId}/versions?symbol={symbol}&timeframe=1d");
        versions!.AsArray().Count.ShouldBe(1);

        var (_, feature) = await client.GetJsonAsync($"/api/v1/features/{implicitId}");
        feature!["storage_uri"]!.GetValue<string>().ShouldEndWith("technical.rsi/");
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_bar_revision_yields_a_new_version_that_records_the_one_it_supersedes(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = await IngestDefaultAsync(client);
        var id = (await client.CreateFeatureAsync("technical.sma", new { period = 5 }))["id"]!.GetValue<string>();
        var first = await client.GenerateAsync(id, symbol, "2018-01-01", "2018-03-01");

        var same = await client.GenerateAsync(id, symbol, "2018-01-01", "2018-03-01", action: "regenerate");
        same["version_hash"]!.GetValue<string>().ShouldBe(first["version_hash"]!.GetValue<string>());
        same["dataset_id"]!.GetValue<string>().ShouldBe(first["dataset_id"]!.GetValue<string>());
        same["cached"]!.GetValue<bool>().ShouldBeFalse();

        var index = System.Array.FindIndex(Default, b => b.Timestamp >= Csv.Micros("2018-02-01"));
        var revised = Default[index] with { Close = Default[index].Low };
        await client.IngestAsync(symbol, "1d", Csv.From([revised]));

        var second = await client.GenerateAsync(id, symbol, "2018-01-01", "2018-03-01", action: "regenerate");
        second["version_hash"]!.GetValue<string>().ShouldNotBe(first["version_hash"]!.GetValue<string>());
        second["source_fingerprint"]!.GetValue<string>().ShouldNotBe(first["source_fingerprint"]!.GetValue<string>());
        second["supersedes"]!.GetValue<string>().ShouldBe(first["dataset_id"]!.GetValue<string>());

        var (_, versions) = await client.GetJsonAsync($"/api/v1/features/{id}/versions?symbol={symbol}&timeframe=1d");
        versions!.AsArray().Select(v => v!["dataset_id"]!.GetValue<string>())
            .ShouldBe([first["dataset_id"]!.GetValue<string>(), second["dataset_id"]!.GetValue<string>()]);

        // The old version stays downloadable, with the old value on the revised day.
        var oldCsv = Encoding.UTF8.GetString(await client.DownloadAsync(id, first["version_hash"]!.GetValue<string>(), "csv"));
        var newCsv = Encoding.UTF8.GetString(await client.DownloadAsync(id, second["version_hash"]!.GetValue<string>(), "csv"));
        oldCsv.ShouldNotBe(newCsv);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Warm_up_bars_before_start_date_make_the_first_row_equal_the_full_history_value(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = await IngestDefaultAsync(client);
        var id = (await client.CreateFeatureAsync("technical.rsi"))["id"]!.GetValue<string>();
        var partial = await client.GenerateAsync(id, symbol, "2018-06-01", "2018-07-01");
        var preview = partial["preview"]!.AsArray();
        preview[0]!["timestamp"]!.GetValue<string>().ShouldBe("2018-06-01T00:00:00Z");
        var rsi = ReferenceData.Results("rsi");
        var expected = (double)rsi.Rows.Single(r => (string)r["timestamp"]! == "2018-06-01T00:00:00")["rsi"]!;
        // 14 warm-up bars only, not the whole history: Wilder smoothing differs slightly, but the value exists.
        preview[0]!["rsi"]!.GetValue<double>().ShouldBeInRange(expected - 15, expected + 15);
        partial["notes"]!.AsArray().Count.ShouldBe(0);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task No_bars_for_the_symbol_or_range_is_422_saying_what_the_store_has(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = await IngestDefaultAsync(client);
        var id = (await client.CreateFeatureAsync("technical.sma"))["id"]!.GetValue<string>();
        var (status, problem) = await client.PostJsonAsync($"/api/v1/features/{id}/generate", new { symbol = "NOBARS" + symbol, start_date = "2018-01-01", end_date = "2018-02-01" });
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["detail"]!.GetValue<string>().ShouldContain("no 1d bars");
        var (rangeStatus, rangeProblem) = await client.PostJsonAsync($"/api/v1/features/{id}/generate", new { symbol, start_date = "2030-01-01", end_date = "2030-02-01" });
        rangeStatus.ShouldBe(HttpStatusCode.UnprocessableEntity);
        rangeProblem!["detail"]!.GetValue<string>().ShouldContain("2017-01-03");
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Invalid_generate_requests_name_every_bad_field(string backend)
    {
        var client = ApiClient.Client(backend);
        var id = (await client.CreateFeatureAsync("technical.sma"))["id"]!.GetValue<string>();
        var (status, problem) = await client.PostJsonAsync($"/api/v1/features/{id}/generate", new { symbol = "../x", timeframe = "2d", start_date = "2020-02-01", end_date = "2020-01-01" });
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem.ErrorFields().ShouldBe(["symbol", "timeframe", "end_date"], ignoreOrder: true);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Concurrent_identical_generates_compute_once(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = await IngestDefaultAsync(client);
        var id = (await client.CreateFeatureAsync("technical.bb"))["id"]!.GetValue<string>();
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.GenerateAsync(id, symbol, "2017-01-03", "2019-01-01")));
        results.Select(r => r["dataset_id"]!.GetValue<string>()).Distinct().Count().ShouldBe(1);
        results.Count(r => !r["cached"]!.GetValue<bool>()).ShouldBeGreaterThanOrEqualTo(1);
        var (_, versions) = await client.GetJsonAsync($"/api/v1/features/{id}/versions?symbol={symbol}");
        versions!.AsArray().Count.ShouldBe(1);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Downloads_in_csv_and_json_carry_every_row_of_the_parquet(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = await IngestDefaultAsync(client);
        var id = (await client.CreateFeatureAsync("technical.stoch"))["id"]!.GetValue<string>();
        var result = await client.GenerateAsync(id, symbol, "2017-01-03", "2018-01-01");
        var hash = result["version_hash"]!.GetValue<string>();
        var rows = result["row_count"]!.GetValue<long>();

        var csv = Encoding.UTF8.GetString(await client.DownloadAsync(id, hash, "csv")).TrimEnd('\n').Split('\n');
        csv[0].ShouldBe("timestamp,oscillator,signal,percent_j");
        (csv.Length - 1).ShouldBe((int)rows);
        csv[1].ShouldBe("2017-01-03T00:00:00Z,,,", "warm-up rows are empty cells");

        var json = JsonNode.Parse(await client.DownloadAsync(id, hash, "json"))!.AsArray();
        json.Count.ShouldBe((int)rows);
        json[0]!["oscillator"].ShouldBeNull();
        json[20]!["oscillator"]!.GetValue<double>().ShouldBeInRange(0, 100);

        var parquet = await client.DownloadAsync(id, hash, "parquet");
        Encoding.ASCII.GetString(parquet[..4]).ShouldBe("PAR1");
        ParquetFiles.Read(parquet, out _)["timestamp"].Count.ShouldBe((int)rows);

        (await client.GetJsonAsync($"/api/v1/features/{id}/datasets/{hash}/data?format=xml")).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await client.GetJsonAsync($"/api/v1/features/{id}/datasets/{new string('0', 64)}/data")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_macro_plugin_reads_its_named_series_point_in_time(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = await IngestDefaultAsync(client);
        var cpi = "CPI" + ApiClient.NewSymbol();
        await client.IngestAsync(cpi, "1mo", Csv.Text("date,value\n2017-01-01,100\n2017-02-01,101\n2017-03-01,102.5\n"));
        var id = (await client.CreateFeatureAsync("macro.asof", new { series = cpi, release_lag = "15d" }))["id"]!.GetValue<string>();
        var result = await client.GenerateAsync(id, symbol, "2017-01-03", "2017-04-01");
        var json = JsonNode.Parse(await client.DownloadAsync(id, result["version_hash"]!.GetValue<string>(), "json"))!.AsArray();
        double? ValueOn(string day) => json.Single(r => r!["timestamp"]!.GetValue<string>() == day + "T00:00:00Z")!["value"]?.GetValue<double>();
        ValueOn("2017-01-13").ShouldBeNull();   // January's print is usable from the 16th
        ValueOn("2017-01-17").ShouldBe(100);
        ValueOn("2017-02-15").ShouldBe(100);
        ValueOn("2017-02-16").ShouldBe(101);
        ValueOn("2017-03-16").ShouldBe(102.5);

        // The macro series is part of the fingerprint: revising it changes the version.
        await client.IngestAsync(cpi, "1mo", Csv.Text("date,value\n2017-02-01,101.2\n"));
        var revised = await client.GenerateAsync(id, symbol, "2017-01-03", "2017-04-01");
        revised["version_hash"]!.GetValue<string>().ShouldNotBe(result["version_hash"]!.GetValue<string>());
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_statistical_plugin_computes_the_rolling_zscore(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = await IngestDefaultAsync(client);
        var id = (await client.CreateFeatureAsync("statistical.zscore", new { input = "close", window = 5, ddof = 1 }))["id"]!.GetValue<string>();
        var result = await client.GenerateAsync(id, symbol, "2017-01-03", "2017-03-01");
        var json = JsonNode.Parse(await client.DownloadAsync(id, result["version_hash"]!.GetValue<string>(), "json"))!.AsArray();
        var column = result["columns"]!.AsArray()[1]!.GetValue<string>();
        // Hand computation over the 5 closes ending on row 10.
        var closes = Default[6..11].Select(b => b.Close).ToArray();
        var mean = closes.Average();
        var sd = Math.Sqrt(closes.Sum(c => (c - mean) * (c - mean)) / 4);
        json[10]![column]!.GetValue<double>().ShouldBe((closes[4] - mean) / sd, 1e-9);
        json[3]![column].ShouldBeNull();
    }
}
