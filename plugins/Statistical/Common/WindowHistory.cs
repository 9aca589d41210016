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
    private readonly bool[] _usable = new bool[MaxAppend];
    private int _end;
    private int _next;
    private long _count;
    private int _nulls;

    /// <summary>Room for the next <paramref name="count"/> values (at most <see cref="MaxAppend"/>), to be filled, then read with <see cref="Take"/>.</summary>
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

    /// <summary>
    /// The windows of the values just appended. For the k-th of them, <c>Usable[k]</c> says whether its window is
    /// full and free of nulls (NaN), and then the window is <c>Values.Slice(FirstStart + k, size)</c>, oldest first.
    /// One pass with the running counts in registers: kept in fields and updated bar by bar, each count was a
    /// store and reload on every bar's path.
    /// </summary>
    public Windows Take()
    {
        var count = _end - _next;
        var usable = _usable.AsSpan(0, count);
        var values = _values;
        var nulls = _nulls;
        var seen = _count;
        for (var k = 0; k < usable.Length; k++)
        {
            var newest = _next + k;
            if (double.IsNaN(values[newest])) nulls++;
            if (seen >= size && double.IsNaN(values[newest - size])) nulls--;
            seen++;
            usable[k] = seen >= size && nulls == 0;
        }
        var first = _next - size + 1;
        (_next, _nulls, _count) = (_end, nulls, seen);
        return new Windows(_values, first, usable);
    }

    /// <summary>See <see cref="Take"/>.</summary>
    public readonly ref struct Windows(ReadOnlySpan<double> values, int firstStart, ReadOnlySpan<bool> usable)
    {
        public ReadOnlySpan<double> Values { get; } = values;
        public int FirstStart { get; } = firstStart;
        public ReadOnlySpan<bool> Usable { get; } = usable;
    }
}
