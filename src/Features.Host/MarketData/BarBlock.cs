namespace Features.Host.MarketData;

/// <summary>A block of consecutive bars, as parallel arrays; <see cref="Count"/> of them are in use.</summary>
public sealed class BarBlock(int capacity)
{
    public long[] Timestamp { get; } = new long[capacity];
    public double[] Open { get; } = new double[capacity];
    public double[] High { get; } = new double[capacity];
    public double[] Low { get; } = new double[capacity];
    public double[] Close { get; } = new double[capacity];
    public double[] Volume { get; } = new double[capacity];
    public int Count { get; set; }
    public int Capacity => Timestamp.Length;

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
