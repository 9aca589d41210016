namespace Features.Plugins.Technical.Common;

/// <summary>
/// The plain reference of <see cref="RollingSum"/>: the same numbers, written to be read and copied. A new kernel starts
/// from this one; the tuned one is only worth its complexity once a benchmark says so. A test proves both give the
/// same bits.
/// </summary>
internal sealed class PlainRollingSum(int period)
{
    private readonly Queue<double> _window = new(period);
    // Neumaier's compensated sum: _compensation collects the low-order bits each addition to _sum loses, so a long
    // series does not drift from the direct sum of its window.
    private double _sum;
    private double _compensation;

    public bool IsFull => _window.Count == period;

    /// <summary>Mean of the last <c>period</c> values; NaN until there are that many.</summary>
    public double Mean => IsFull ? (_sum + _compensation) / period : double.NaN;

    public void Add(double value)
    {
        if (_window.Count == period)
        {
            // The oldest value leaves the window: subtract it first, as the tuned one does.
            Accumulate(-_window.Dequeue());
        }
        _window.Enqueue(value);
        Accumulate(value);
    }

    private void Accumulate(double x)
    {
        var t = _sum + x;
        if (Math.Abs(_sum) >= Math.Abs(x))
        {
            _compensation += (_sum - t) + x;
        }
        else
        {
            _compensation += (x - t) + _sum;
        }
        _sum = t;
    }
}
