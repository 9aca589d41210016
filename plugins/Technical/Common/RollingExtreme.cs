namespace Features.Plugins.Technical.Common;

/// <summary>
/// Maximum (or minimum) of the last <c>period</c> values in amortised O(1), via a monotonic deque of
/// indices. On ties the most recent index wins, which is what "bars since the high" counts want.
/// </summary>
internal sealed class RollingExtreme(int period, bool maximum)
{
    private readonly double[] _values = new double[period + 1];
    private readonly long[] _indices = new long[period + 1];
    private int _head;
    private int _size;
    private long _index = -1;

    public long Count => _index + 1;
    public bool IsFull => _index + 1 >= period;
    public double Value => _values[_head];
    /// <summary>How many values ago the extreme entered (0 = the newest).</summary>
    public int Age => (int)(_index - _indices[_head]);

    public void Add(double value)
    {
        _index++;
        var values = _values;
        var indices = _indices;
        var capacity = values.Length;
        var head = _head;
        var size = _size;
        // Drop from the back everything the new value dominates. Ring positions wrap with a compare, not
        // a modulo: an integer division per step cost more than the rest of the update.
        while (size > 0)
        {
            var back = head + size - 1;
            if (back >= capacity) back -= capacity;
            if (maximum ? values[back] <= value : values[back] >= value) size--; else break;
        }
        var slot = head + size;
        if (slot >= capacity) slot -= capacity;
        values[slot] = value;
        indices[slot] = _index;
        size++;
        // Expire from the front what has left the window.
        var oldest = _index - period;
        while (indices[head] <= oldest)
        {
            head = head + 1 == capacity ? 0 : head + 1;
            size--;
        }
        _head = head;
        _size = size;
    }
}
