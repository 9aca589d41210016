namespace Features.Host.MarketData;

/// <summary>A block of consecutive bars, as parallel arrays; <see cref="Count"/> of them are in use.</summary>
public sealed class BarBlock(int capacity)
{
    public long[] Timestamp { get; private set; } = new long[capacity];
    public double[] Open { get; private set; } = new double[capacity];
    public double[] High { get; private set; } = new double[capacity];
    public double[] Low { get; private set; } = new double[capacity];
    public double[] Close { get; private set; } = new double[capacity];
    public double[] Volume { get; private set; } = new double[capacity];
    public int Count { get; set; }
    public int Capacity => Timestamp.Length;

    /// <summary>
    /// Room for at least <paramref name="capacity"/> bars, keeping those in use. Readers start small and grow to their
    /// block size, so a short series never allocates full-size blocks (six 512 KB arrays each at 64 Ki bars: large-object
    /// heap allocations that force full collections when a job makes them per feature and symbol).
    /// </summary>
    public void EnsureCapacity(int capacity)
    {
        if (capacity <= Capacity) return;
        Timestamp = Resized(Timestamp, capacity);
        Open = Resized(Open, capacity);
        High = Resized(High, capacity);
        Low = Resized(Low, capacity);
        Close = Resized(Close, capacity);
        Volume = Resized(Volume, capacity);
    }

    /// <summary>The next capacity on the way to <paramref name="limit"/>: double, at least one chunk, never past the limit.</summary>
    public int NextCapacity(int limit) => Math.Min(limit, Math.Max(BarChunks.MaxBars, 2 * Capacity));

    private T[] Resized<T>(T[] array, int capacity)
    {
        var bigger = new T[capacity];
        Array.Copy(array, bigger, Count);
        return bigger;
    }

    public void Add(long timestamp, double open, double high, double low, double close, double volume)
    {
        var i = Count++;
        Timestamp[i] = timestamp;
        Open[i] = open;
        High[i] = high;
        Low[i] = low;
        Close[i] = close;
        Volume[i] = volume;
    }

    /// <summary>Appends bars [start, start + count) of <paramref name="source"/>.</summary>
    public void AddRange(BarBlock source, int start, int count)
    {
        Array.Copy(source.Timestamp, start, Timestamp, Count, count);
        Array.Copy(source.Open, start, Open, Count, count);
        Array.Copy(source.High, start, High, Count, count);
        Array.Copy(source.Low, start, Low, Count, count);
        Array.Copy(source.Close, start, Close, Count, count);
        Array.Copy(source.Volume, start, Volume, Count, count);
        Count += count;
    }

    /// <summary>Index of the first bar at or after <paramref name="timestamp"/> (timestamps ascending).</summary>
    public int LowerBound(long timestamp)
    {
        var i = Array.BinarySearch(Timestamp, 0, Count, timestamp);
        return i >= 0 ? i : ~i;
    }

    public bool SameValues(int i, BarBlock other, int j) =>
        Open[i] == other.Open[j] && High[i] == other.High[j] && Low[i] == other.Low[j] && Close[i] == other.Close[j] && Volume[i] == other.Volume[j];
}
