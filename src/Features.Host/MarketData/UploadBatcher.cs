using System.Runtime.CompilerServices;

namespace Features.Host.MarketData;

/// <summary>
/// Turns the bars of an upload, in file order, into validated batches sorted by timestamp, so the store can
/// upsert a file of any length with memory bounded by the batch (plus 12 bytes a bar to refuse a duplicate
/// timestamp anywhere in the file). Each bar is checked as it arrives; errors name the line it came from.
/// A returned batch is reused once the next one is returned: the caller is done with it by then (or copies it). The batch arrays start at
/// <see cref="InitialCapacity"/> bars and double up to the batch size, so a small upload (a symbol's daily bars,
/// thousands of them) does not allocate and zero the megabytes a full batch takes.
/// </summary>
public sealed class UploadBatcher(int maxRows, int batchSize = UploadBatcher.DefaultBatchSize)
{
    public const int DefaultBatchSize = 65_536;

    /// <summary>One bar chunk's worth (<see cref="BarChunks.MaxBars"/>).</summary>
    public const int InitialCapacity = BarChunks.MaxBars;

    private BarBlock _batch = new(Math.Min(batchSize, InitialCapacity));
    private int[] _lines = new int[Math.Min(batchSize, InitialCapacity)];
    private readonly List<(long[] Timestamps, int[] Lines)> _earlier = [];
    private bool _sorted = true;

    /// <summary>Bars accepted so far.</summary>
    public long Total { get; private set; }

    /// <summary>Set by readers: some timestamps had no zone and were read as UTC.</summary>
    public bool Zoneless { get; set; }

    /// <summary>Adds one bar; returns a full batch when one is ready.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once a bar: see CsvBarReader.AddRow
    public BarBlock? Add(long timestamp, double open, double high, double low, double close, double volume, int line)
    {
        // One test for the common case; the messages are built out of line, so this stays small enough to inline into.
        if (Total >= maxRows || high < low || open > high || open < low || close > high || close < low || volume < 0)
        {
            throw Refusal(open, high, low, close, volume, line);
        }
        if (_batch.Count > 0 && timestamp <= _batch.Timestamp[_batch.Count - 1]) _sorted = false;
        if (_batch.Count == _batch.Capacity) Grow();
        _lines[_batch.Count] = line;
        _batch.Add(timestamp, open, high, low, close, volume);
        Total++;
        return _batch.Count == batchSize ? Seal() : null;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private BarFileException Refusal(double open, double high, double low, double close, double volume, int line)
    {
        if (Total >= maxRows) return new BarFileException(line, "file", $"more than {maxRows} rows in one upload; split the file");
        if (high < low) return new BarFileException(line, "high", $"high {high} is below low {low}");
        if (open > high || open < low) return new BarFileException(line, "open", $"open {open} is outside [low {low}, high {high}]");
        if (close > high || close < low) return new BarFileException(line, "close", $"close {close} is outside [low {low}, high {high}]");
        return new BarFileException(line, "volume", $"volume {volume} is negative");
    }

    private void Grow()
    {
        var bigger = new BarBlock(Math.Min(2 * _batch.Capacity, batchSize));
        bigger.AddRange(_batch, 0, _batch.Count);
        _batch = bigger;
        Array.Resize(ref _lines, bigger.Capacity);
    }

    /// <summary>The last, partial batch (null when there is none). A file without bars is refused with <paramref name="whenEmpty"/>.</summary>
    public BarBlock? Finish(string whenEmpty)
    {
        if (Total == 0) throw new BarFileException(0, "file", whenEmpty);
        return _batch.Count > 0 ? Seal() : null;
    }

    public IReadOnlyList<string> Notes => Zoneless ? ["timestamps without a time zone were read as UTC"] : [];

    private BarBlock Seal()
    {
        var n = _batch.Count;
        if (!_sorted) SortBatch(n);
        var timestamps = _batch.Timestamp.AsSpan(0, n).ToArray();
        var lines = _lines.AsSpan(0, n).ToArray();
        for (var i = 1; i < n; i++)
        {
            if (timestamps[i] == timestamps[i - 1]) throw Duplicate(timestamps[i], lines[i - 1], lines[i]);
        }
        foreach (var (earlierTimestamps, earlierLines) in _earlier)
        {
            // Sorted files never get here past the range test: each batch starts after the previous one ends.
            if (earlierTimestamps[^1] < timestamps[0] || earlierTimestamps[0] > timestamps[^1]) continue;
            for (var i = 0; i < n; i++)
            {
                var at = Array.BinarySearch(earlierTimestamps, timestamps[i]);
                if (at >= 0) throw Duplicate(timestamps[i], earlierLines[at], lines[i]);
            }
        }
        _earlier.Add((timestamps, lines));
        _sorted = true;
        // The full batch goes out as it is; the one handed out before becomes the next batch (no copy a bar).
        var full = _batch;
        _batch = _spare is { } spare && spare.Capacity >= full.Capacity ? spare : new BarBlock(full.Capacity);
        _batch.Count = 0;
        _spare = full;
        return full;
    }

    // The batch returned last: the caller is done with it when it asks for the next one.
    private BarBlock? _spare;

    private void SortBatch(int n)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var keys = _batch.Timestamp.AsSpan(0, n).ToArray();
        Array.Sort(keys, order);
        Permute(_batch.Timestamp, order);
        Permute(_batch.Open, order);
        Permute(_batch.High, order);
        Permute(_batch.Low, order);
        Permute(_batch.Close, order);
        Permute(_batch.Volume, order);
        Permute(_lines, order);
    }

    private static void Permute<T>(T[] values, int[] order)
    {
        var copy = values.AsSpan(0, order.Length).ToArray();
        for (var i = 0; i < order.Length; i++) values[i] = copy[order[i]];
    }

    private static BarFileException Duplicate(long timestamp, int lineA, int lineB) =>
        new(Math.Max(lineA, lineB), "timestamp", $"duplicate timestamp {BarTime.Format(timestamp)} (also on line {Math.Min(lineA, lineB)})");
}
