using System.Globalization;
using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.Alpha158;

/// <summary>What stands for Qlib's <c>$vwap</c>, which the bar store does not carry.</summary>
public enum VwapSource
{
    TypicalPrice,
    Close,
    None,
}

/// <summary>The parameters of <see cref="Alpha158Plugin"/>.</summary>
public sealed class Alpha158Parameters
{
    /// <summary>Qlib's default windows.</summary>
    public const string DefaultWindows = "5,10,20,30,60";

    /// <summary>Every group.</summary>
    public const string AllGroups = "kbar,price,rolling";

    /// <summary>The largest window accepted.</summary>
    public const int MaxWindow = 1000;

    [Parameter("Comma-separated rolling windows in bars (each 1..1000, no repeats), in the order their columns appear " +
               "within each operator; Qlib's Alpha158 uses 5,10,20,30,60.")]
    public string Windows { get; init; } = DefaultWindows;

    [Parameter("Comma-separated column groups: kbar (9 candle shapes), price (open0, high0, low0, vwap0), rolling " +
               "(29 operators per window). Columns always come in Qlib's order: kbar, price, rolling.")]
    public string Include { get; init; } = AllGroups;

    [Parameter("What stands for Qlib's $vwap in vwap0, since the bars carry no vwap: typical_price = (high+low+close)/3, " +
               "close, or none (vwap0 null throughout).")]
    public VwapSource VwapColumn { get; init; } = VwapSource.TypicalPrice;
}

/// <summary>
/// Qlib's Alpha158 factor set (<c>Alpha158DL.get_feature_config</c>) in one streaming kernel: 9 candle shapes, 4
/// price ratios and 29 rolling operators per window, with Qlib's operator semantics.
/// </summary>
public sealed class Alpha158Plugin() : FeaturePlugin<Alpha158Parameters>(new()
{
    Key = "automated.alpha158",
    Type = FeatureType.Automated,
    Version = StatisticalPack.Version,
    Description =
        "Qlib's Alpha158 factors (qlib/contrib/data/loader.py Alpha158DL.get_feature_config), lower-cased names, Qlib's column " +
        "order: kbar (kmid, klen, kmid2, kup, kup2, klow, klow2, ksft, ksft2), price (open0, high0, low0, vwap0), then each " +
        "rolling operator for every window before the next operator (roc5, roc10, roc20, roc30, roc60, ma5, ...): roc, ma, std, " +
        "beta, rsqr, resi, max, min, qtlu, qtld, rank, rsv, imax, imin, imxd, corr, cord, cntp, cntn, cntd, sump, sumn, sumd, " +
        "vma, vstd, wvma, vsump, vsumn, vsumd; 9 + 4 + 29×5 = 158 columns at the defaults. Operators as qlib/data/ops.py: every " +
        "rolling one is pandas rolling(d, min_periods=1), so early bars use the partial window and nulls in a window are " +
        "skipped; Std is the sample std (ddof 1, null on one value); Quantile interpolates linearly; Rank is pandas " +
        "rank(pct=True) of this bar's value (ties averaged); IdxMax/IdxMin are 1-based from the window's oldest bar, the " +
        "oldest extreme on ties; Slope/Rsquare/Resi regress the window's non-null values on their bar positions (rolling.pyx); " +
        "Corr is over the pairs where both sides are non-null; Corr and Rsquare are null where a rolling std <= 2e-5 " +
        "(np.isclose(std, 0, atol=2e-5)); Ref is null before the series starts; comparisons with null are false; " +
        "Greater/Less propagate null; Log is natural; 1e-12 guards as Qlib writes them. Departures: an intermediate ±∞ " +
        "(a zero previous close or volume) counts as null, and an output ±∞ is null. Computed in one pass per bar, state " +
        "shared per window: sums and co-moments merged without subtraction (exact zeros for flat windows), monotone " +
        "deques for extremes, a sorted window for quantiles and rank.",
    Outputs = Layout(new Alpha158Parameters()).List.Columns,
    InputColumns = ["open", "high", "low", "close", "volume"],
    WarmupRule = "the largest window when `rolling` is included (ROC and the Ref($close, 1) series inside a window reach d bars back), else 0",
})
{
    private static readonly string[] Groups = ["kbar", "price", "rolling"];

    protected override int WarmupBars(Alpha158Parameters p) =>
        TryParse(p, out var windows, out var groups, out _) && groups.Contains("rolling") ? windows.Max() : 0;

    protected override IReadOnlyList<OutputColumn> OutputColumns(Alpha158Parameters p) => Layout(p).List.Columns;

    protected override IEnumerable<ParameterError> Validate(Alpha158Parameters p)
    {
        if (!TryParse(p, out _, out _, out var error)) yield return error!;
    }

    protected override IFeatureKernel CreateKernel(Alpha158Parameters p, KernelContext context) =>
        new Alpha158Kernel(Layout(p), p.VwapColumn);

    private static Alpha158Layout Layout(Alpha158Parameters p)
    {
        if (!TryParse(p, out var windows, out var groups, out var error))
        {
            throw new ArgumentException($"{error!.Parameter}: {error.Message}");
        }
        return Alpha158Columns.Layout(windows, groups.Contains("kbar"), groups.Contains("price"), groups.Contains("rolling"));
    }

    private static bool TryParse(Alpha158Parameters p, out List<int> windows, out HashSet<string> groups, out ParameterError? error)
    {
        windows = [];
        groups = [];
        error = null;
        foreach (var item in Split(p.Windows))
        {
            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d < 1 || d > Alpha158Parameters.MaxWindow)
            {
                error = Error(nameof(p.Windows), $"'{item}' is not a window: each must be a whole number from 1 to {Alpha158Parameters.MaxWindow}");
                return false;
            }
            if (windows.Contains(d))
            {
                error = Error(nameof(p.Windows), $"window {d} is listed twice");
                return false;
            }
            windows.Add(d);
        }
        foreach (var item in Split(p.Include))
        {
            if (!Groups.Contains(item))
            {
                error = Error(nameof(p.Include), $"unknown group '{item}'; known: {string.Join(", ", Groups)}");
                return false;
            }
            groups.Add(item);
        }
        if (groups.Count == 0)
        {
            error = Error(nameof(p.Include), $"name at least one group of {string.Join(", ", Groups)}");
            return false;
        }
        if (groups.Contains("rolling") && windows.Count == 0)
        {
            error = Error(nameof(p.Windows), "name at least one window for the rolling group");
            return false;
        }
        return true;
    }

    private static string[] Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
