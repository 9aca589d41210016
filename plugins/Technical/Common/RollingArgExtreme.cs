namespace Features.Plugins.Technical.Common;

/// <summary>
/// Maximum (or minimum) of the last <c>period</c> values in amortised O(1), where on ties the
/// <b>oldest</b> index wins (unlike <see cref="RollingExtreme"/>): what Aroon's "bars since the first
/// highest high" wants. Monotonic deque of indices, allocated once.
/// </summary>
internal sealed class RollingArgExtreme(int period, bool maximum)
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
        var capacity = _values.Length;
        // Strict comparison: an equal older value stays in front of the new one.
        while (_size > 0)
        {
            var back = (_head + _size - 1) % capacity;
            if (maximum ? _values[back] < value : _values[back] > value) _size--; else break;
        }
        var slot = (_head + _size) % capacity;
        _values[slot] = value;
        _indices[slot] = _index;
        _size++;
        while (_indices[_head] <= _index - period)
        {
            _head = (_head + 1) % capacity;
            _size--;
        }
    }
}
