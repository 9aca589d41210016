namespace Features.Plugins.Technical.Common;

/// <summary>
/// True range and Wilder's average true range, streamed bar by bar. TR is NaN on the first bar (no
/// previous close), then <c>max(H-L, |H-Cprev|, |L-Cprev|)</c>; the ATR is the plain mean of the first
/// <c>period</c> TRs (bars 1..period), then <c>(prev*(N-1) + TR)/N</c>.
/// </summary>
internal sealed class AtrTracker(int period)
{
    private WilderAverage _average = new(period);
    private double _previousClose = double.NaN;

    /// <summary>The last bar's true range; NaN on the first bar.</summary>
    public double TrueRange { get; private set; } = double.NaN;

    /// <summary>The last bar's ATR; NaN until <c>period</c> true ranges have been seen.</summary>
    public double Atr => _average.Value;

    /// <summary>Adds a bar and returns its ATR (NaN during warm-up).</summary>
    public double Add(double high, double low, double close)
    {
        if (double.IsNaN(_previousClose))
        {
            _previousClose = close;
            TrueRange = double.NaN;
            return double.NaN;
        }
        var fromHigh = Math.Abs(high - _previousClose);
        var fromLow = Math.Abs(low - _previousClose);
        TrueRange = Math.Max(high - low, Math.Max(fromHigh, fromLow));
        _previousClose = close;
        return _average.Add(TrueRange);
    }
}
