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
    private static async Task<string[]> IngestPairAsync(HttpClient client, string? demo = null, string? mkt = null)
    {
        var symbols = new[] { demo ?? ApiClient.NewSymbol(), mkt ?? ApiClient.NewSymbol() };
        await client.IngestAsync(symbols[0], "1d", Csv.From(Default));
        await client.IngestAsync(symbols[1], "1d", Csv.From(Default.Select(b => b with { Close = b.Close * 2, Open = b.Open * 2, High = b.High * 2, Low = b.Low * 2 })));
        return symbols;
    }

    private static object Request(string featureId, object symbols, object? label = null, object? splits = null) => new
    {
        features = new[] { new { feature_id = featureId, alias = "sma2" } },
        symbols,
        timeframe = "1d",
        start_date = Start,
        end_date = End,
        label = label ?? new { kind = "forward_return" },
        splits = splits ?? new { kind = "purged_kfold", k = 3, embargo_pct = 0.01 },
    };

    private static async Task<JsonNode> BuildAsync(HttpClient client, object request)
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
        var table = ParquetFiles.Read(await DataAsync(client, read));

        table.Keys.ShouldBe(["timestamp", "symbol", "sma2__sma", "label", "label_start", "label_end"]);
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

    [Fact]
    public async Task The_same_request_writes_identical_bytes_on_every_backend()
    {
        var (demo, mkt) = (ApiClient.NewSymbol(), ApiClient.NewSymbol());
        var outputs = new List<(string Backend, byte[] Data, string Hash)>();
        foreach (var backend in Infrastructure.Backends.Names())
        {
            var client = ApiClient.Client(backend);
            var symbols = await IngestPairAsync(client, demo, mkt);
            var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 2 })).Id();
            var read = await BuildAsync(client, Request(sma, symbols));
            outputs.Add((backend, await DataAsync(client, read), read["content_hash"]!.GetValue<string>()));
        }
        outputs[0].Data.Length.ShouldBeGreaterThan(0);
        foreach (var output in outputs.Skip(1)) output.Data.ShouldBe(outputs[0].Data, $"{output.Backend} differs from {outputs[0].Backend}");
    }
}
