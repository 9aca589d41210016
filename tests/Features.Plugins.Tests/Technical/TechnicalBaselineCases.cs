namespace Features.Plugins.Tests.Technical;

/// <summary>
/// Per-indicator facts the shared conformance tests need beyond the naming rule
/// (<c>technical.stoch_rsi</c> ↔ <c>results/stoch-rsi.standard.json</c>, columns = snake_case fields).
/// </summary>
public static class TechnicalBaselineCases
{
    /// <summary>Baseline fields that merely duplicate another field and need no column of ours.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> AliasFields = new Dictionary<string, string[]>
    {
        ["stoch"] = ["k", "d", "j"],
        ["ulcer"] = ["ui"],
        ["heikinashi"] = ["date"],
    };

    /// <summary>
    /// Fields the baseline fills only over the last rows of the series (slope's regression line is drawn
    /// over the final window): they have no warm-up in the usual sense.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> EndOfSeriesFields = new Dictionary<string, string[]>
    {
        ["slope"] = ["line"],
    };

    /// <summary>Looser tolerances where the baseline's own arithmetic is imprecise; each says why.</summary>
    public static readonly IReadOnlyDictionary<string, (double Relative, double Absolute, string Why)> Tolerances =
        new Dictionary<string, (double, double, string)>
        {
        };

    public static string Stem(string key) => key["technical.".Length..].Replace('_', '-');
}
