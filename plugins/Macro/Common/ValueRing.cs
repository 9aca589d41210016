namespace Features.Plugins.Macro.Common;

/// <summary>The last <c>capacity</c> values, newest first by <see cref="Back"/>; allocated once.</summary>
internal sealed class ValueRing(int capacity)
{
    private readonly double[] _values = new double[capacity];
    private int _next;

    /// <summary>How many values are held (at most the capacity).</summary>
    public int Count { get; private set; }
    public bool IsFull => Count == capacity;

    public void Add(double value)
    {
        _values[_next] = value;
        _next = _next + 1 == capacity ? 0 : _next + 1;
        if (Count < capacity) Count++;
    }

    /// <summary>The value added <paramref name="back"/> steps ago (0 = newest); requires back &lt; Count.</summary>
    public double Back(int back)
    {
        var i = _next - 1 - back;
        return _values[i < 0 ? i + capacity : i];
    }
}
