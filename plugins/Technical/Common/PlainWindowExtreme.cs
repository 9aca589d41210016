namespace Features.Plugins.Technical.Common;

/// <summary>
/// The plain reference of <see cref="SlidingExtreme"/>: the maximum (or minimum) of the last <c>period</c> values,
/// found by looking at each of them, O(period) per value. NaN until the window is full and while it holds a NaN.
/// Copy this one; the tuned one gives the same bits (a test proves it).
/// </summary>
internal sealed class PlainWindowExtreme(int period, bool maximum)
{
    private readonly Queue<double> _window = new(period + 1);

    /// <summary>Adds a value; returns the extreme of the window ending with it.</summary>
    public double Add(double value)
    {
        _window.Enqueue(value);
        if (_window.Count > period) _window.Dequeue();
        if (_window.Count < period) return double.NaN;
        var extreme = maximum ? double.NegativeInfinity : double.PositiveInfinity;
        foreach (var x in _window)
        {
            if (double.IsNaN(x)) return double.NaN;
            extreme = maximum ? Math.Max(extreme, x) : Math.Min(extreme, x);
        }
        return extreme;
    }
}
