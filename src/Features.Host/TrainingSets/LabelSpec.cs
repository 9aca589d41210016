namespace Features.Host.TrainingSets;

/// <summary>Which price a return label reads.</summary>
public enum LabelPrice
{
    Close,
    Open,
    /// <summary>Our bars carry no traded value, so the bar's typical price (high + low + close) / 3 stands in for its VWAP.</summary>
    Vwap,
}

/// <summary>The label of a training set: the only column that looks ahead, always with its span recorded.</summary>
public abstract record LabelSpec
{
    /// <summary>How many bars after a row the label may read at most (the bars the builder must supply past the last row).</summary>
    public abstract int LookaheadBars { get; }

    /// <summary>How many bars before a row the label reads (volatility estimates).</summary>
    public virtual int HistoryBars => 0;
}

/// <summary>
/// price[i + offset + horizon] / price[i + offset] - 1 (or its natural log): with offset 1, horizon 1 on
/// close it is Qlib's LABEL0, <c>Ref($close,-2)/Ref($close,-1)-1</c>. Span: bars i+offset .. i+offset+horizon.
/// </summary>
public sealed record ForwardReturnLabel(int Horizon = 1, int Offset = 1, LabelPrice Price = LabelPrice.Close, bool Log = false) : LabelSpec
{
    public override int LookaheadBars => Offset + Horizon;
}

/// <summary>
/// AFML ch. 3: from the close of bar i, an upper barrier close·(1 + upper·σ) and a lower one close·(1 − lower·σ)
/// (either may be off) and a vertical one <paramref name="MaxBars"/> bars later; the label is +1/−1 for the
/// horizontal barrier the close path touches first, 0 when the vertical one comes first. σ is the sample
/// standard deviation of the last <paramref name="VolatilityWindow"/> close-to-close returns up to bar i.
/// Span: bar i .. the touch.
/// </summary>
public sealed record TripleBarrierLabel(double? Upper, double? Lower, int MaxBars, int VolatilityWindow) : LabelSpec
{
    public override int LookaheadBars => MaxBars;
    public override int HistoryBars => VolatilityWindow;
}

/// <summary>A feature's value <c>k = -Shift</c> bars ahead (Shift is negative). Span: bars i+1 .. i+k.</summary>
public sealed record FeatureLabel(string FeatureId, string Column, int Shift) : LabelSpec
{
    public override int LookaheadBars => -Shift;
}
