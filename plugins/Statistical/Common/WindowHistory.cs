namespace Features.Plugins.Statistical.Common;

/// <summary>
/// The input series kept contiguous for <see cref="WindowKernel"/>: values are appended to a buffer, so every
/// bar's window (the last <c>size</c> values, oldest first) is a slice of it, with no copy. A batch's values
/// are all appended before any window is read: copying a ring into scratch and reading it back at once, a
/// vector load right after the scalar stores stalled store-to-load forwarding, several times per bar. When
/// the buffer is full, the last <c>size</c> values move to its start.
/// </summary>
internal sealed class WindowHistory(int size)
{
    /// <summary>The most values one <see cref="Append"/> takes.</summary>
    public const int MaxAppend = 4096;

    private readonly double[] _values = new double[size + MaxAppend];
    private int _end;
    private int _next;
    private long _count;
    private int _nulls;

    /// <summary>Room for the next <paramref name="count"/> values (at most <see cref="MaxAppend"/>), to be filled, then read one by one with <see cref="Next"/>.</summary>
    public Span<double> Append(int count)
    {
        if (count > MaxAppend) throw new ArgumentOutOfRangeException(nameof(count), count, $"at most {MaxAppend} values at a time");
        if (_next != _end) throw new InvalidOperationException("the previous values were not all read");
        if (_end + count > _values.Length)
        {
            var keep = Math.Min(size, _end);
            _values.AsSpan(_end - keep, keep).CopyTo(_values);
            _end = _next = keep;
        }
        var room = _values.AsSpan(_end, count);
        _end += count;
        return room;
    }

    /// <summary>Moves to the next appended value; true when its window is full and free of nulls (NaN), and then <paramref name="window"/> is it, oldest first.</summary>
    public bool Next(out ReadOnlySpan<double> window)
    {
        var newest = _next++;
        if (double.IsNaN(_values[newest])) _nulls++;
        if (_count >= size && double.IsNaN(_values[newest - size])) _nulls--;
        _count++;
        var full = _count >= size;
        window = full ? _values.AsSpan(newest - size + 1, size) : default;
        return full && _nulls == 0;
    }
}
