namespace Features.Plugins.Technical.Common;

/// <summary>
/// The plain reference of <see cref="SeededEma"/>: an exponential moving average with k = 2/(N+1), seeded with the simple
/// mean of its first N inputs (NaN before). Copy this one; the tuned one gives the same bits (a test proves it).
/// </summary>
internal sealed class PlainEma(int period)
{
    private readonly double _k = 2.0 / (period + 1);
    private int _seen;
    private double _seedSum;
    private double _value = double.NaN;

    public double Add(double x)
    {
        if (_seen < period)
        {
            // Seeding: the mean of the first `period` inputs is the first value.
            _seedSum += x;
            _seen++;
            if (_seen == period) _value = _seedSum / period;
            return _value;
        }
        _value += _k * (x - _value);
        return _value;
    }
}
