using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;

namespace Features.Host.Tests.Generation;

/// <summary>
/// Ten technical plugins generated through the API over default.csv, downloaded as Parquet and compared
/// with the published baselines: float, boolean, integer and string columns, causal and look-ahead kernels. Each file
/// is read by two Parquet implementations, Arrow's (ParquetSharp) and DuckDB's, as researchers' tools read it.
/// </summary>
public sealed class TechnicalPackThroughApiTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private static readonly string[] Keys =
    [
        "technical.macd", "technical.bb", "technical.adx", "technical.atr", "technical.obv",
        "technical.ichimoku", "technical.psar", "technical.zigzag", "technical.pivots", "technical.stoch_rsi",
    ];

    [Theory, MemberData(nameof(Backends))]
    public async Task Ten_plugins_generated_and_downloaded_as_Parquet_match_their_baselines_in_Arrow_and_DuckDB(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(ReferenceData.Quotes("default.csv")));
        var aliases = new Dictionary<string, string[]> { ["stoch"] = ["k", "d", "j"], ["ulcer"] = ["ui"] };
        foreach (var key in Keys)
        {
            var id = (await client.CreateFeatureAsync(key))["id"]!.GetValue<string>();
            var result = await client.GenerateAsync(id, symbol, "2017-01-03", "2019-01-01");
            var stem = key["technical.".Length..].Replace('_', '-');
            var baseline = ReferenceData.Results(stem);
            var bytes = await client.DownloadAsync(id, result["version_hash"]!.GetValue<string>(), "parquet");
            foreach (var (reader, data) in new[] { ("arrow", ParquetFiles.Read(bytes)), ("duckdb", DuckDbFiles.Read(bytes)) })
            {
                var what = $"{key} read by {reader}";
                data["timestamp"].Count.ShouldBe(baseline.Rows.Count, what);
                for (var i = 0; i < baseline.Rows.Count; i++)
                {
                    ((DateTime)data["timestamp"][i]!).ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)
                        .ShouldBe((string)baseline.Rows[i]["timestamp"]!, $"{what}: timestamp of row {i}");
                }
                var fields = baseline.Fields.Where(f => f != "timestamp" && !aliases.GetValueOrDefault(stem, []).Contains(f)).ToList();
                data.Keys.Where(k => k != "timestamp").Order().ShouldBe(fields.Order(), what);
                foreach (var field in fields)
                {
                    var expected = baseline.Column(field);
                    var actual = data[field];
                    for (var i = 0; i < expected.Length; i++)
                    {
                        var e = expected[i] is bool b ? (b ? 1.0 : 0.0) : expected[i];
                        switch (e, actual[i])
                        {
                            case (null, null):
                                break;
                            case (double x, double y):
                                Math.Abs(x - y).ShouldBeLessThanOrEqualTo(1e-9 * Math.Max(Math.Abs(x), Math.Abs(y)) + 1e-12, $"{what}: {field} row {i}");
                                break;
                            case (string x, string y):
                                y.ShouldBe(x, $"{what}: {field} row {i}");
                                break;
                            default:
                                throw new ShouldAssertException($"{what}: {field} row {i}: expected {e ?? "null"}, got {actual[i] ?? "null"}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public async Task A_datasets_timestamps_are_delta_packed_and_every_column_zstd_compressed()
    {
        var client = ApiClient.Client(Infrastructure.Backends.Embedded);
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(ReferenceData.Quotes("default.csv")));
        var id = (await client.CreateFeatureAsync("technical.macd"))["id"]!.GetValue<string>();
        var result = await client.GenerateAsync(id, symbol, "2017-01-03", "2019-01-01");
        var chunks = DuckDbFiles.ColumnChunks(await client.DownloadAsync(id, result["version_hash"]!.GetValue<string>(), "parquet"));

        chunks.Select(c => c.Column).ShouldBe(["timestamp", "macd", "signal", "histogram", "fast_ema", "slow_ema"]);
        chunks.ShouldAllBe(c => c.Compression == "ZSTD");
        chunks[0].Encodings.ShouldContain("DELTA_BINARY_PACKED");
        // Distinct doubles never fill a dictionary: the value columns are plain.
        chunks.Skip(1).ShouldAllBe(c => !c.Encodings.Contains("DICTIONARY") && c.Encodings.Contains("PLAIN"));
    }
}
