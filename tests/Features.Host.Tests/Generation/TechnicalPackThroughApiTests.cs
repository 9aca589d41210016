using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;

namespace Features.Host.Tests.Generation;

/// <summary>
/// Ten technical plugins generated through the API over default.csv, downloaded as Parquet and compared
/// with the published baselines: float, boolean, integer and string columns, causal and look-ahead kernels.
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
    public async Task Ten_plugins_generated_and_downloaded_as_Parquet_match_their_baselines(string backend)
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
            var data = ParquetFiles.Read(await client.DownloadAsync(id, result["version_hash"]!.GetValue<string>(), "parquet"));
            data["timestamp"].Count.ShouldBe(baseline.Rows.Count, key);
            var fields = baseline.Fields.Where(f => f != "timestamp" && !aliases.GetValueOrDefault(stem, []).Contains(f)).ToList();
            data.Keys.Where(k => k != "timestamp").Order().ShouldBe(fields.Order(), key);
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
                            Math.Abs(x - y).ShouldBeLessThanOrEqualTo(1e-9 * Math.Max(Math.Abs(x), Math.Abs(y)) + 1e-12, $"{key}.{field} row {i}");
                            break;
                        case (string x, string y):
                            y.ShouldBe(x, $"{key}.{field} row {i}");
                            break;
                        default:
                            throw new ShouldAssertException($"{key}.{field} row {i}: expected {e ?? "null"}, got {actual[i] ?? "null"}");
                    }
                }
            }
        }
    }

}
