using System.Globalization;
using System.Net.Http.Json;

namespace Features.Universe;

/// <summary>
/// The universe the way it is computed without jobs: one POST /api/v1/features/ID/generate per (symbol, feature),
/// symbol by symbol, from <c>clients</c> concurrent callers. Counts the answers that were cache hits.
/// </summary>
public static class SingleGenerates
{
    public static async Task<int> RunAsync(SyntheticUniverse universe, Uri url, IReadOnlyList<string> featureIds, int clients)
    {
        var items = (from i in Enumerable.Range(0, universe.SymbolCount) from id in featureIds select (Symbol: universe.SymbolName(i), Feature: id)).ToList();
        var (start, end) = (universe.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), universe.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        using var http = ClientPool.Client(url, clients);
        var result = await ClientPool.RunAsync(items, clients, async item =>
        {
            using var response = await http.PostAsJsonAsync($"/api/v1/features/{item.Feature}/generate",
                new Dictionary<string, string> { ["symbol"] = item.Symbol, ["timeframe"] = "1d", ["start_date"] = start, ["end_date"] = end });
            return await ClientPool.OutcomeOfAsync(response, body => body.Contains("\"cached\":true", StringComparison.Ordinal));
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"singles items={result.Items} clients={clients} seconds={result.Wall.TotalSeconds:F2} items_per_s={result.PerSecond:F1} " +
            $"ms_per_item={result.Wall.TotalMilliseconds / result.Items:F2} cached={result.Cached} errors={result.Errors}"));
        if (result.FirstError is not null) Console.Error.WriteLine("first error: " + result.FirstError);
        return result.Errors == 0 ? 0 : 1;
    }
}
