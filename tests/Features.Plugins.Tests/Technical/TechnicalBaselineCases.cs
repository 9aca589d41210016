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

    /// <summary>
    /// Fields whose value is carried from an event found any distance back (the last fractal, pivot or trend
    /// flip): no fixed warm-up decides whether they have a value, so the kit's warm-up check leaves them out.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> StateDependentFields = new Dictionary<string, string[]>
    {
        ["supertrend"] = ["upper_band", "lower_band"],
        ["atr-stop"] = ["buy_stop", "sell_stop"],
        ["pivots"] = ["high_line", "low_line", "high_trend", "low_trend"],
        ["fcb"] = ["upper_band", "lower_band"],
        ["vol-stop"] = ["upper_band", "lower_band"],
    };

    /// <summary>
    /// Where the declared warm-up falls short on the kit's synthetic bars (one bar every calendar day) though it
    /// suffices on trading-day bars: pivot_points' 45 bars do not cover a whole previous month of 7-day weeks, and
    /// vol_stop's first stop comes 68 bars in, after its 8·period = 56. Findings for the plugins' owners.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> SyntheticWarmupShortfalls = new Dictionary<string, string[]>
    {
        ["pivot-points"] = ["pp", "s1", "s2", "s3", "s4", "r1", "r2", "r3", "r4"],
        ["vol-stop"] = ["sar", "is_stop"],
    };

    /// <summary>The fields the warm-up check leaves out: end-of-series and state-dependent ones.</summary>
    public static string[] WarmupExempt(string stem) =>
        [.. EndOfSeriesFields.GetValueOrDefault(stem, []), .. StateDependentFields.GetValueOrDefault(stem, [])];

    /// <summary>
    /// Recursive indicators (EMA-style smoothing seeded from a first window): the declared warm-up gives a value,
    /// which then converges to the full history's rather than equalling it.
    /// </summary>
    public static readonly IReadOnlySet<string> ConvergingWarmup = new HashSet<string>
    {
        "adl",
        "adx",
        "alligator",
        "atr",
        "atr-stop",
        "chaikin-osc",
        "chexit",
        "dema",
        "elder-ray",
        "ema",
        "fcb",
        "fisher",
        "force",
        "gator",
        "heikinashi",
        "kama",
        "keltner",
        "kvo",
        "macd",
        "mama",
        "obv",
        "pivots",
        "pmo",
        "psar",
        "pvo",
        "roc-wb",
        "rsi",
        "slope",
        "smi",
        "smma",
        "starc",
        "stc",
        "stoch-rsi",
        "supertrend",
        "t3",
        "tema",
        "trix",
        "tsi",
        "vol-stop",
        "vwap",
    };

    /// <summary>Looser tolerances where the baseline's own arithmetic is imprecise; each says why.</summary>
    public static readonly IReadOnlyDictionary<string, (double Relative, double Absolute, string Why)> Tolerances =
        new Dictionary<string, (double, double, string)>
        {
        };

    public static string Stem(string key) => key["technical.".Length..].Replace('_', '-');
}
