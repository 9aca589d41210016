namespace Features.Plugins.Technical.Common;

/// <summary>
/// An EMA with the reference library's re-seeding rule: while its value is NaN and the caller allows
/// seeding, the value is the simple mean of the last <c>period</c> inputs (NaN if any of them is NaN);
/// otherwise <c>ema += k * (x - ema)</c>. This reproduces SMA seeding and the restart after a gap of
/// NaN inputs (e.g. a zero denominator upstream). Keeps a ring of <c>period</c> inputs and a NaN count,
/// so seeding costs O(period) only on the bars where it happens.
/// </summary>
internal sealed class ReseedingEma(int period, double k, bool currentFirst = false)
{
    private readonly double[] _ring = new double[period];
    private int _count;
    private int _next;
    private int _nans;
    private double _value = double.NaN;

    public double Value => _value;

    /// <summary>Adds <paramref name="x"/>; <paramref name="maySeed"/> says whether a NaN value may be re-seeded on this bar.</summary>
    public double Add(double x, bool maySeed)
    {
        if (_count == period)
        {
            if (double.IsNaN(_ring[_next])) _nans--;
        }
        else
        {
            _count++;
        }
        _ring[_next] = x;
        if (double.IsNaN(x)) _nans++;
        var newest = _next;
        _next = _next + 1 == period ? 0 : _next + 1;

        if (double.IsNaN(_value) && maySeed)
        {
            _value = _count == period && _nans == 0 ? Mean(newest) : double.NaN;
        }
        else
        {
            _value += k * (x - _value);
        }
        return _value;
    }

    // Summation order as in the reference: oldest to newest, or the newest first then oldest onwards.
    private double Mean(int newest)
    {
        double sum = currentFirst ? _ring[newest] : 0;
        var oldest = _next; // the ring is full, so the slot after the newest is the oldest
        var terms = currentFirst ? period - 1 : period;
        for (var j = 0; j < terms; j++)
        {
            sum += _ring[(oldest + j) % period];
        }
        return sum / period;
    }
}
