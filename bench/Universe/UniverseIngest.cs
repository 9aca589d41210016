using System.Globalization;
using System.Net.Http.Headers;

namespace Features.Universe;

/// <summary>
/// Ingests the universe through the API: one CSV upload per symbol (POST /api/v1/market-data/SYMBOL/1d) from
/// <c>clients</c> concurrent callers. The CSV bodies are built before the clock starts.
/// </summary>
public static class UniverseIngest
{
    public static async Task<int> RunAsync(SyntheticUniverse universe, Uri url, int clients)
    {
        var days = universe.TradingDays();
        var bodies = new byte[universe.SymbolCount][];
        Parallel.For(0, universe.SymbolCount, i => bodies[i] = universe.Csv(i, days));
        using var http = ClientPool.Client(url, clients);
        var result = await ClientPool.RunAsync(Enumerable.Range(0, universe.SymbolCount).ToList(), clients, async i =>
        {
            using var content = new ByteArrayContent(bodies[i]);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using var response = await http.PostAsync($"/api/v1/market-data/{universe.SymbolName(i)}/1d", content);
            return await ClientPool.OutcomeOfAsync(response);
        });
        var bars = (long)universe.SymbolCount * days.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest uploads={result.Items} bars={bars} mb={bodies.Sum(b => (long)b.Length) / 1e6:F0} clients={clients} seconds={result.Wall.TotalSeconds:F2} " +
            $"uploads_per_s={result.PerSecond:F1} bars_per_s={bars / result.Wall.TotalSeconds:F0} errors={result.Errors}"));
        if (result.FirstError is not null) Console.Error.WriteLine("first error: " + result.FirstError);
        return result.Errors == 0 ? 0 : 1;
    }
}
