namespace Features.Plugins.Statistical.Common;

/// <summary>
/// The last <c>size</c> values in a ring allocated once, with a count of the nulls (NaN) inside, so a
/// kernel knows in O(1) whether the window is complete and clean.
/// </summary>
internal sealed class RingWindow(int size)
{
    private readonly double[] _ring = new double[size];
    private int _next;
    private int _count;
    private int _nulls;

    public int Size => size;
    public bool IsFull => _count >= size;
    /// <summary>Full and free of nulls: the window has a value.</summary>
    public bool IsReady => _count >= size && _nulls == 0;

    public void Add(double value)
    {
        if (_count >= size)
        {
            if (double.IsNaN(_ring[_next])) _nulls--;
        }
        else
        {
            _count++;
        }
        _ring[_next] = value;
        if (double.IsNaN(value)) _nulls++;
        _next = _next + 1 == size ? 0 : _next + 1;
    }

    /// <summary>The value that entered <paramref name="back"/> steps ago (0 = newest).</summary>
    public double Back(int back) => _ring[(_next - 1 - back + 2 * size) % size];

    /// <summary>Copies the window, oldest first, into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<double> destination)
    {
        // Once full, the oldest value sits at _next.
        var start = _count >= size ? _next : 0;
        var first = _ring.AsSpan(start, _count - start);
        first.CopyTo(destination);
        _ring.AsSpan(0, start).CopyTo(destination[first.Length..]);
    }
}
