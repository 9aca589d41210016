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
        TrueRange = Common.TrueRange.Of(high, low, _previousClose);
        _previousClose = close;
        return _average.Add(TrueRange);
    }

    /// <summary>
    /// <see cref="Add"/> for every bar, writing the true range, the ATR and <see cref="Percent"/> of each (same arithmetic). Once the
    /// average is seeded, the previous close and the average stay in locals for the loop: through the fields,
    /// the average made a store/reload round trip on its dependency chain every bar.
    /// </summary>
    public void AddRange(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close,
        Span<double> trueRange, Span<double> atr, Span<double> atrPercent)
    {
        high = high[..close.Length];
        low = low[..close.Length];
        trueRange = trueRange[..close.Length];
        atr = atr[..close.Length];
        atrPercent = atrPercent[..close.Length];
        var i = 0;
        for (; i < close.Length && !_average.IsReady; i++)
        {
            var a = atr[i] = Add(high[i], low[i], close[i]);
            trueRange[i] = TrueRange;
            atrPercent[i] = Percent(a, close[i]);
        }
        if (i == close.Length) return;
        var (previousClose, average, range) = (_previousClose, _average.Value, TrueRange);
        for (; i < close.Length; i++)
        {
            var (h, l, c) = (high[i], low[i], close[i]);
            if (double.IsNaN(previousClose))
            {
                // As in Add: no previous close, so no true range and no ATR on this bar.
                previousClose = c;
                trueRange[i] = range = double.NaN;
                atr[i] = atrPercent[i] = double.NaN;
                continue;
            }
            range = Common.TrueRange.Of(h, l, previousClose);
            previousClose = c;
            average = _average.Smooth(average, range);
            trueRange[i] = range;
            atr[i] = average;
            // In this loop its division overlaps the average's dependency chain instead of adding a pass.
            atrPercent[i] = Percent(average, c);
        }
        _previousClose = previousClose;
        TrueRange = range;
        _average.Resume(average);
    }

    /// <summary>ATR as a percentage of the close; NaN when the close is 0 or there is no ATR.</summary>
    public static double Percent(double atr, double close) => close == 0 || double.IsNaN(atr) ? double.NaN : atr / close * 100;
}
