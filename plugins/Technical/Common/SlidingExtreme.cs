namespace Features.Plugins.Technical.Common;

/// <summary>
/// Maximum (or minimum) of the last <c>period</c> values in O(1) per value without a data-dependent branch
/// (van Herk / Gil-Werman): values are grouped into blocks of <c>period</c>, so a window always covers the
/// tail of the previous block and the head of the current one, and its extreme is the larger of the previous
/// block's suffix extreme and the current block's running extreme. The suffix extremes are rebuilt once per
/// block. A monotonic deque pops a data-dependent number of values per bar, and those branches are mispredicted
/// on prices. A NaN in the window makes the extreme NaN (NaNs are tracked apart, so the maxima never see one).
/// Only the value is kept, not where it occurred (see <see cref="RollingExtreme"/> for that).
/// </summary>
internal sealed class SlidingExtreme
{
    private readonly int _period;
    // A minimum is the negated maximum of the negated values (negation is exact), so one code path serves both.
    private readonly double _sign;
    private readonly double[] _block;
    // _suffix[j] = maximum of the previous block from slot j on; _suffix[period] = -∞ (an empty suffix).
    private readonly double[] _suffix;
    private int _position;
    private double _running = double.NegativeInfinity;
    private long _count;
    private long _lastNaN = long.MinValue / 2;

    public SlidingExtreme(int period, bool maximum)
    {
        _period = period;
        _sign = maximum ? 1 : -1;
        _block = new double[period];
        _suffix = new double[period + 1];
        Array.Fill(_suffix, double.NegativeInfinity);
    }

    /// <summary>
    /// Adds every value of <paramref name="values"/> and writes, per value, the extreme of the window that ends
    /// with it, or (<paramref name="priorWindow"/>) of the <c>period</c> values before it; NaN while that window
    /// is not full yet.
    /// </summary>
    public void AddRange(ReadOnlySpan<double> values, Span<double> extremes, bool priorWindow)
    {
        extremes = extremes[..values.Length];
        var (block, suffix, period, sign) = (_block, _suffix, _period, _sign);
        var (position, running, count, lastNaN) = (_position, _running, _count, _lastNaN);
        // The window's values: `period` before the current one, or `period` up to and including it.
        var (needed, newest) = priorWindow ? (period, 1) : (period - 1, 0);
        for (var i = 0; i < values.Length; i++)
        {
            var x = sign * values[i];
            if (double.IsNaN(x))
            {
                (lastNaN, x) = (count, double.NegativeInfinity);
            }
            if (priorWindow) extremes[i] = Window(Branchless.Max(suffix[position], running), count >= needed && count - newest - lastNaN >= period, sign);
            block[position] = x;
            running = Branchless.Max(running, x);
            position++;
            if (!priorWindow) extremes[i] = Window(Branchless.Max(suffix[position], running), count >= needed && count - newest - lastNaN >= period, sign);
            count++;
            if (position == period)
            {
                // Once per block: the block becomes the previous one.
                for (var j = period - 1; j >= 0; j--) suffix[j] = Branchless.Max(block[j], suffix[j + 1]);
                (position, running) = (0, double.NegativeInfinity);
            }
        }
        (_position, _running, _count, _lastNaN) = (position, running, count, lastNaN);

        // NaN until the window is full or while it holds a NaN input. Static, so the loop's state stays in registers.
        static double Window(double extreme, bool clean, double sign) => clean ? sign * extreme : double.NaN;
    }
}
