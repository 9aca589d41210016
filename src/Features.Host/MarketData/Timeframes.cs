namespace Features.Host.MarketData;

/// <summary>The bar timeframes the store accepts, with their nominal lengths.</summary>
public static class Timeframes
{
    private static readonly Dictionary<string, TimeSpan> Known = new(StringComparer.Ordinal)
    {
        ["1m"] = TimeSpan.FromMinutes(1),
        ["5m"] = TimeSpan.FromMinutes(5),
        ["15m"] = TimeSpan.FromMinutes(15),
        ["30m"] = TimeSpan.FromMinutes(30),
        ["1h"] = TimeSpan.FromHours(1),
        ["4h"] = TimeSpan.FromHours(4),
        ["1d"] = TimeSpan.FromDays(1),
        ["1w"] = TimeSpan.FromDays(7),
        // Monthly is for macro series (CPI and the like); nominal length only.
        ["1mo"] = TimeSpan.FromDays(30),
    };

    public static IReadOnlyCollection<string> All => Known.Keys;

    public static string AllowedText => string.Join(", ", Known.Keys);

    public static bool IsValid(string? timeframe) => timeframe is not null && Known.ContainsKey(timeframe);

    public static TimeSpan Interval(string timeframe) => Known[timeframe];
}
