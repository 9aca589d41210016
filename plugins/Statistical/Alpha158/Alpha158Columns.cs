using Features.PluginSdk;

namespace Features.Plugins.Statistical.Alpha158;

/// <summary>The nine candle-shape columns of Qlib's <c>kbar</c> group, in Qlib's order.</summary>
internal enum KbarColumn
{
    Kmid, Klen, Kmid2, Kup, Kup2, Klow, Klow2, Ksft, Ksft2,
}

/// <summary>The four columns of Qlib's <c>price</c> group at window 0, in Qlib's order.</summary>
internal enum PriceColumn
{
    Open0, High0, Low0, Vwap0,
}

/// <summary>
/// The 29 rolling operators of Qlib's <c>rolling</c> group, in the order <c>Alpha158DL.get_feature_config</c> appends
/// them (each operator for every window before the next operator).
/// </summary>
internal enum RollingOperator
{
    Roc, Ma, Std, Beta, Rsqr, Resi, Max, Min, Qtlu, Qtld, Rank, Rsv, Imax, Imin, Imxd,
    Corr, Cord, Cntp, Cntn, Cntd, Sump, Sumn, Sumd, Vma, Vstd, Wvma, Vsump, Vsumn, Vsumd,
}

/// <summary>
/// Column names and formulas (Qlib's expressions verbatim, <c>d</c> standing for the window) of the three groups, and
/// the output list a parameter set selects: kbar (9), price (4), then rolling (29 operators × windows, operator-major:
/// roc5, roc10, ..., roc60, ma5, ...), 9 + 4 + 29·5 = 158 columns at the defaults.
/// </summary>
internal static class Alpha158Columns
{
    public static readonly int RollingCount = Enum.GetValues<RollingOperator>().Length;

    private static readonly string[] KbarFormulas =
    [
        "($close-$open)/$open",
        "($high-$low)/$open",
        "($close-$open)/($high-$low+1e-12)",
        "($high-Greater($open, $close))/$open",
        "($high-Greater($open, $close))/($high-$low+1e-12)",
        "(Less($open, $close)-$low)/$open",
        "(Less($open, $close)-$low)/($high-$low+1e-12)",
        "(2*$close-$high-$low)/$open",
        "(2*$close-$high-$low)/($high-$low+1e-12)",
    ];

    private static readonly string[] PriceFormulas = ["$open/$close", "$high/$close", "$low/$close", "$vwap/$close ($vwap: see `vwap_column`)"];

    private static readonly string[] RollingFormulas =
    [
        "Ref($close, d)/$close: the close d bars earlier over this close (Qlib's ROC, the inverse of the usual rate of change); null for the first d bars",
        "Mean($close, d)/$close",
        "Std($close, d)/$close (sample standard deviation, ddof 1)",
        "Slope($close, d)/$close (least-squares slope of the close on its position in the window)",
        "Rsquare($close, d) (R² of that regression; null where Std($close, d) <= 2e-5)",
        "Resi($close, d)/$close (this bar's residual from that regression)",
        "Max($high, d)/$close",
        "Min($low, d)/$close",
        "Quantile($close, d, 0.8)/$close (linear interpolation, h = 0.8(n-1))",
        "Quantile($close, d, 0.2)/$close (linear interpolation, h = 0.2(n-1))",
        "Rank($close, d): percentile of this close in the window, (less + (equal+1)/2)/n, ties averaged (pandas rank(pct=True))",
        "($close-Min($low, d))/(Max($high, d)-Min($low, d)+1e-12)",
        "IdxMax($high, d)/d (1-based position of the oldest maximum high, counted from the oldest bar of the window)",
        "IdxMin($low, d)/d (1-based position of the oldest minimum low, counted from the oldest bar of the window)",
        "(IdxMax($high, d)-IdxMin($low, d))/d",
        "Corr($close, Log($volume+1), d) (null where either rolling std <= 2e-5)",
        "Corr($close/Ref($close, 1), Log($volume/Ref($volume, 1)+1), d) (null where either rolling std <= 2e-5)",
        "Mean($close>Ref($close, 1), d) (a comparison with null is false)",
        "Mean($close<Ref($close, 1), d)",
        "Mean($close>Ref($close, 1), d)-Mean($close<Ref($close, 1), d)",
        "Sum(Greater($close-Ref($close, 1), 0), d)/(Sum(Abs($close-Ref($close, 1)), d)+1e-12)",
        "Sum(Greater(Ref($close, 1)-$close, 0), d)/(Sum(Abs($close-Ref($close, 1)), d)+1e-12)",
        "(Sum(Greater($close-Ref($close, 1), 0), d)-Sum(Greater(Ref($close, 1)-$close, 0), d))/(Sum(Abs($close-Ref($close, 1)), d)+1e-12)",
        "Mean($volume, d)/($volume+1e-12)",
        "Std($volume, d)/($volume+1e-12)",
        "Std(Abs($close/Ref($close, 1)-1)*$volume, d)/(Mean(Abs($close/Ref($close, 1)-1)*$volume, d)+1e-12)",
        "Sum(Greater($volume-Ref($volume, 1), 0), d)/(Sum(Abs($volume-Ref($volume, 1)), d)+1e-12)",
        "Sum(Greater(Ref($volume, 1)-$volume, 0), d)/(Sum(Abs($volume-Ref($volume, 1)), d)+1e-12)",
        "(Sum(Greater($volume-Ref($volume, 1), 0), d)-Sum(Greater(Ref($volume, 1)-$volume, 0), d))/(Sum(Abs($volume-Ref($volume, 1)), d)+1e-12)",
    ];

    /// <summary>The column name of an enum member, lower case as the issue and Qlib (upper case there) name it.</summary>
    private static string Name<T>(T member) where T : struct, Enum => member.ToString().ToLowerInvariant();

    /// <summary>Builds the output list of a parameter set, with the handles the kernel writes through.</summary>
    public static Alpha158Layout Layout(IReadOnlyList<int> windows, bool kbar, bool price, bool rolling)
    {
        var list = new OutputList();
        FloatOutput[] kbarColumns = kbar
            ? [.. Enum.GetValues<KbarColumn>().Select(c => list.Float(Name(c), $"Qlib {Name(c).ToUpperInvariant()} = {KbarFormulas[(int)c]}."))]
            : [];
        FloatOutput[] priceColumns = price
            ? [.. Enum.GetValues<PriceColumn>().Select(c => list.Float(Name(c), $"Qlib {Name(c).ToUpperInvariant()} = {PriceFormulas[(int)c]}."))]
            : [];
        var rollingColumns = new FloatOutput[rolling ? RollingCount : 0, windows.Count];
        if (rolling)
        {
            foreach (var op in Enum.GetValues<RollingOperator>())
            {
                for (var w = 0; w < windows.Count; w++)
                {
                    var d = windows[w];
                    var name = Name(op) + d;
                    rollingColumns[(int)op, w] = list.Float(name, $"Qlib {name.ToUpperInvariant()} = {RollingFormulas[(int)op]}, d = {d}.");
                }
            }
        }
        return new Alpha158Layout(list, kbarColumns, priceColumns, rollingColumns, [.. windows]);
    }
}

/// <summary>The output list of one parameter set and its handles by group.</summary>
internal sealed record Alpha158Layout(OutputList List, FloatOutput[] Kbar, FloatOutput[] Price, FloatOutput[,] Rolling, int[] Windows);
