namespace Features.Plugins.Technical.Common;

/// <summary>
/// An EMA with the reference library's re-seeding rule: while its value is NaN and the caller allows
/// seeding, the value is the simple mean of the last <c>period</c> inputs (NaN if any of them is NaN);
/// otherwise <c>ema += k * (x - ema)</c>. This reproduces SMA seeding and the restart after a gap of
/// NaN inputs (e.g. a zero denominator upstream). Keeps a ring of <c>period</c> inputs and the length of
/// the current NaN-free run, so seeding costs O(period) only on the bars where it happens.
/// </summary>
internal sealed class ReseedingEma(int period, double k, bool currentFirst = false)
{
    private readonly double[] _ring = new double[period];
    private int _next;
    // Inputs since the last NaN, capped at period: the window may seed once it reaches period.
    private int _cleanRun;
    private double _value = double.NaN;

    public double Value => _value;

    /// <summary>The smoothing factor: a batch loop steps a non-NaN value itself with <c>value += K * (x - value)</c>.</summary>
    public double K => k;

    /// <summary>Adds <paramref name="x"/>; <paramref name="maySeed"/> says whether a NaN value may be re-seeded on this bar.</summary>
    public double Add(double x, bool maySeed)
    {
        var newest = Push(x);
        if (double.IsNaN(_value) && maySeed)
        {
            _value = _cleanRun == period ? Mean(newest) : double.NaN;
        }
        else
        {
            _value += k * (x - _value);
        }
        return _value;
    }

    /// <summary>
    /// Takes over after a batch loop that stepped a non-NaN value itself (exactly what <see cref="Add"/> does
    /// then) over <paramref name="inputs"/>: the loop keeps the value in a register and skips the ring, and
    /// only the last <c>period</c> inputs, all a later re-seed can read, go into the ring here.
    /// </summary>
    public void Resume(double value, ReadOnlySpan<double> inputs)
    {
        foreach (var x in inputs[Math.Max(0, inputs.Length - period)..]) Push(x);
        _value = value;
    }

    private int Push(double x)
    {
        var newest = _next;
        _ring[newest] = x;
        _next = newest + 1 == period ? 0 : newest + 1;
        _cleanRun = double.IsNaN(x) ? 0 : Math.Min(_cleanRun + 1, period);
        return newest;
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
