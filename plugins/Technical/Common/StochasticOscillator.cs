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
    private readonly RollingExtreme _highest;
    private readonly RollingExtreme _lowest;
    private readonly NanAwareRollingMean? _kMean;
    private readonly NanAwareRollingMean? _dMean;
    private long _index = -1;
    private long _lastNaN = long.MinValue / 2;

    public StochasticOscillator(int lookback, int smooth, int signal)
    {
        _lookback = lookback;
        _smooth = smooth;
        _signal = signal;
        _highest = new RollingExtreme(lookback, maximum: true);
        _lowest = new RollingExtreme(lookback, maximum: false);
        _kMean = smooth > 1 ? new NanAwareRollingMean(smooth) : null;
        _dMean = signal > 1 ? new NanAwareRollingMean(signal) : null;
    }

    /// <summary>%K (oscillator) of the last bar.</summary>
    public double K { get; private set; } = double.NaN;

    /// <summary>%D (signal) of the last bar.</summary>
    public double D { get; private set; } = double.NaN;

    public void Add(double high, double low, double close)
    {
        _index++;
        if (double.IsNaN(high) || double.IsNaN(low) || double.IsNaN(close))
        {
            _lastNaN = _index;
            high = low = close = 0;
        }
        _highest.Add(high);
        _lowest.Add(low);

        var raw = double.NaN;
        if (_index >= _lookback - 1 && _index - _lastNaN >= _lookback)
        {
            var hh = _highest.Value;
            var ll = _lowest.Value;
            raw = hh == ll ? 0 : close >= hh ? 100 : close <= ll ? 0 : 100 * (close - ll) / (hh - ll);
        }

        if (_kMean is null)
        {
            K = raw;
        }
        else
        {
            var mean = _kMean.Add(raw);
            K = _index >= _smooth ? mean : double.NaN;
        }

        if (_dMean is null)
        {
            D = K;
        }
        else
        {
            var mean = _dMean.Add(K);
            D = _index >= _signal ? mean : double.NaN;
        }
    }
}
