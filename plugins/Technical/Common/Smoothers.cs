namespace Features.Plugins.Technical.Common;

/// <summary>
/// Exponential moving average seeded with the simple mean of its first <c>period</c> inputs, the
/// convention of the reference baselines: NaN until then, then <c>ema += k * (x - ema)</c>, k = 2/(N+1).
/// </summary>
internal struct SeededEma(int period)
{
    private readonly double _k = 2.0 / (period + 1);
    private int _seen;
    private double _seedSum;
    private double _value = double.NaN;

    public readonly double Value => _value;
    public readonly bool IsReady => _seen >= period;

    public double Add(double x)
    {
        if (_seen < period)
        {
            _seedSum += x;
            _seen++;
            if (_seen == period) _value = _seedSum / period;
            return _value;
        }
        _value += _k * (x - _value);
        return _value;
    }

    /// <summary>
    /// <see cref="Add"/> for every value of <paramref name="input"/>, writing each EMA to <paramref name="output"/>
    /// (same arithmetic). Once seeded, the value stays in a register for the loop: going through the field
    /// put a store and a reload on the recurrence's dependency chain every bar.
    /// </summary>
    public void AddRange(ReadOnlySpan<double> input, Span<double> output)
    {
        output = output[..input.Length];
        var i = 0;
        for (; i < input.Length && _seen < period; i++)
        {
            output[i] = Add(input[i]);
        }
        var (value, k) = (_value, _k);
        for (; i < input.Length; i++)
        {
            value += k * (input[i] - value);
            output[i] = value;
        }
        _value = value;
    }
}

/// <summary>
/// Wilder's smoothing (RMA/SMMA) seeded with the simple mean of the first <c>period</c> inputs:
/// <c>avg = (avg * (N-1) + x) / N</c>.
/// </summary>
internal struct WilderAverage(int period)
{
    private readonly double _inverse = 1.0 / period;
    private int _seen;
    private double _seedSum;
    private double _value = double.NaN;

    public readonly double Value => _value;
    public readonly bool IsReady => _seen >= period;

    public double Add(double x)
    {
        if (_seen < period)
        {
            _seedSum += x;
            _seen++;
            if (_seen == period) _value = _seedSum / period;
            return _value;
        }
        _value = Smooth(_value, x);
        return _value;
    }

    /// <summary>
    /// The step <see cref="Add"/> takes once seeded, from <paramref name="average"/>: for batch loops that keep
    /// the average in a local (then <see cref="Resume"/>) instead of a store and reload per value.
    /// </summary>
    // 1/N precomputed: a division on this dependency chain dominated ATR-like kernels (at most an ulp apart).
    public readonly double Smooth(double average, double x) => (average * (period - 1) + x) * _inverse;

    /// <summary>Stores the average a batch loop reached with <see cref="Smooth"/>; only once seeded.</summary>
    public void Resume(double average)
    {
        if (!IsReady) throw new InvalidOperationException("the average is not seeded yet");
        _value = average;
    }
}
