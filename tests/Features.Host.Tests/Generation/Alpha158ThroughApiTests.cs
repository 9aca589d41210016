using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;
using Features.Plugins.Tests.Statistical;

namespace Features.Host.Tests.Generation;

/// <summary>automated.alpha158 through the generate pipeline: 158 columns to Parquet, the warm-up read before the start.</summary>
public sealed class Alpha158ThroughApiTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    [Theory, MemberData(nameof(Backends))]
    public async Task Alpha158_generated_through_the_API_equals_the_naive_definitions_over_the_full_history(string backend)
    {
        var client = ApiClient.Client(backend);
        var bars = ReferenceData.Quotes("default.csv");
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(bars));
        var id = (await client.CreateFeatureAsync("automated.alpha158"))["id"]!.GetValue<string>();

        // The 60-bar warm-up comes from before the start, so the first rows equal the full history's, not partial windows.
        var result = await client.GenerateAsync(id, symbol, "2017-06-01", "2019-01-01");
        var names = Alpha158Reference.Names([5, 10, 20, 30, 60]);
        result["columns"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(["timestamp", .. names]);
        var data = ParquetFiles.Read(await client.DownloadAsync(id, result["version_hash"]!.GetValue<string>(), "parquet"), out _);

        var first = Array.FindIndex(bars, b => b.Timestamp >= new DateTimeOffset(2017, 6, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000);
        result["row_count"]!.GetValue<long>().ShouldBe(bars.Length - first);
        var expected = Alpha158Reference.Compute(bars, [5, 10, 20, 30, 60]);
        var problems = new List<string>();
        foreach (var name in names)
        {
            for (var i = 0; i < data[name].Count; i++)
            {
                var want = expected[name][first + i];
                var ok = data[name][i] is double got
                    ? !double.IsNaN(want) && Math.Abs(got - want) <= 1e-9 * Math.Max(Math.Abs(got), Math.Abs(want)) + 1e-12
                    : double.IsNaN(want);
                if (!ok) problems.Add($"{name} row {i}: got {data[name][i]}, expected {want}");
            }
        }
        problems.ShouldBeEmpty();
    }
}
