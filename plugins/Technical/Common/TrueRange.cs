namespace Features.Plugins.Technical.Common;

/// <summary>True range and a Wilder-smoothed ATR, the conventions of the reference baselines.</summary>
internal static class TrueRange
{
    /// <summary><c>max(H-L, |H-Cprev|, |L-Cprev|)</c>.</summary>
    public static double Of(double high, double low, double previousClose) =>
        Math.Max(high - low, Math.Max(Math.Abs(high - previousClose), Math.Abs(low - previousClose)));
}

/// <summary>
/// Average True Range: TR is undefined on the first bar; the first ATR (bar index N) is the mean of
/// TR[1..N], later ones Wilder-smoothed <c>(prev*(N-1)+TR)/N</c>. NaN until then.
/// </summary>
internal sealed class AverageTrueRange(int period)
{
    private WilderAverage _average = new(period);
    private double _previousClose = double.NaN;

    public double Value => _average.Value;

    /// <summary>Feeds one bar and returns the ATR at that bar (NaN in the warm-up).</summary>
    public double Add(double high, double low, double close)
    {
        var previous = _previousClose;
        _previousClose = close;
        return double.IsNaN(previous) ? double.NaN : _average.Add(TrueRange.Of(high, low, previous));
    }
}
