namespace Features.Plugins.Technical.Common;

/// <summary>
/// The stochastic oscillator of the reference library, streaming. Raw %K over <c>lookback</c> bars is
/// <c>100*(C-LL)/(HH-LL)</c>, 0 when HH = LL, exactly 100 when C >= HH and 0 when C &lt;= LL; NaN while
/// the window holds a NaN input. %K is the SMA(<c>smooth</c>) of raw %K (raw itself when smooth &lt;= 1),
/// %D the SMA(<c>signal</c>) of %K; the library only starts those SMAs at bar index smooth / signal.
/// </summary>
internal sealed class StochasticOscillator
{
    private readonly int _lookback;
    private readonly int _smooth;
    private readonly int _signal;
    private readonly SlidingExtreme _highest;
    private readonly SlidingExtreme _lowest;
    private readonly NanAwareRollingMean? _kMean;
    private readonly NanAwareRollingMean? _dMean;
    private long _index = -1;
    private long _lastNaN = long.MinValue / 2;

    public StochasticOscillator(int lookback, int smooth, int signal)
    {
        _lookback = lookback;
        _smooth = smooth;
        _signal = signal;
        _highest = new SlidingExtreme(lookback, maximum: true);
        _lowest = new SlidingExtreme(lookback, maximum: false);
        _kMean = smooth > 1 ? new NanAwareRollingMean(smooth) : null;
        _dMean = signal > 1 ? new NanAwareRollingMean(signal) : null;
    }

    /// <summary>%K (oscillator) of the last bar.</summary>
    public double K { get; private set; } = double.NaN;

    /// <summary>%D (signal) of the last bar.</summary>
    public double D { get; private set; } = double.NaN;

    /// <summary>Adds one bar; <see cref="K"/> and <see cref="D"/> are then its values.</summary>
    public void Add(double high, double low, double close)
    {
        Span<double> k = stackalloc double[1];
        Span<double> d = stackalloc double[1];
        AddRange([high], [low], [close], k, d);
    }

    /// <summary>
    /// Adds every bar, writing %K and %D of each to <paramref name="k"/> and <paramref name="d"/>. The window
    /// extremes of a whole batch come first, from <see cref="SlidingExtreme"/> (written into k and d as scratch).
    /// </summary>
    public void AddRange(ReadOnlySpan<double> high, ReadOnlySpan<double> low, ReadOnlySpan<double> close, Span<double> k, Span<double> d)
    {
        var n = close.Length;
        high = high[..n];
        low = low[..n];
        k = k[..n];
        d = d[..n];
        for (var i = 0; i < n; i++)
        {
            // A bar with a NaN counts as zeros in the extremes, as in the reference (its %K is null anyway).
            var nan = IsNaN(high[i], low[i], close[i]);
            k[i] = nan ? 0 : high[i];
            d[i] = nan ? 0 : low[i];
        }
        _highest.AddRange(k, k, priorWindow: false);
        _lowest.AddRange(d, d, priorWindow: false);
        var (index, lastNaN, lookback) = (_index, _lastNaN, _lookback);
        for (var i = 0; i < n; i++)
        {
            index++;
            var c = close[i];
            if (IsNaN(high[i], low[i], c))
            {
                lastNaN = index;
                c = 0;
            }
            var raw = double.NaN;
            if (index >= lookback - 1 && index - lastNaN >= lookback)
            {
                var (hh, ll) = (k[i], d[i]);
                raw = hh == ll ? 0 : c >= hh ? 100 : c <= ll ? 0 : 100 * (c - ll) / (hh - ll);
            }
            k[i] = raw;
        }
        // The SMAs a pass each; the reference only starts them at bar index smooth / signal.
        var first = _index + 1;
        if (_kMean is not null)
        {
            _kMean.AddRange(k, k);
            MaskBefore(k, first, _smooth);
        }
        if (_dMean is not null)
        {
            _dMean.AddRange(k, d);
            MaskBefore(d, first, _signal);
        }
        else
        {
            k.CopyTo(d);
        }
        (_index, _lastNaN) = (index, lastNaN);
        if (n > 0) (K, D) = (k[n - 1], d[n - 1]);
    }

    // NaN for the bars whose index (the first of the span being `first`) is below `start`.
    private static void MaskBefore(Span<double> values, long first, int start)
    {
        for (var i = 0; i < values.Length && first + i < start; i++) values[i] = double.NaN;
    }

    private static bool IsNaN(double high, double low, double close) => double.IsNaN(high) || double.IsNaN(low) || double.IsNaN(close);
}
