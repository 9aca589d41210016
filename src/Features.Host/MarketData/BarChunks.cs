using System.Runtime.InteropServices;

namespace Features.Host.MarketData;

/// <summary>
/// How the bar store packs bars: a series is a sequence of non-overlapping chunks of at most <see cref="MaxBars"/>
/// bars, each one row holding its bars column by column (int64 timestamps, then open, high, low, close, volume as
/// float64, little-endian: 48 bytes a bar, the fingerprint's bytes in another order). A row per bar made reading
/// a million bars cost ~0.7 s of per-row database work (docs/BENCHMARKS.md); a chunk is one fetch and six copies.
/// </summary>
public static class BarChunks
{
    /// <summary>192 KiB a full chunk: a million bars are 245 rows, and revising one bar rewrites one chunk.</summary>
    public const int MaxBars = 4096;

    public const int BytesPerBar = 48;

    static BarChunks()
    {
        // The layout is little-endian on disk; reinterpreting the arrays is only right on little-endian hosts.
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("the bar store needs a little-endian CPU");
    }

    public static byte[] Encode(BarBlock source, int start, int count)
    {
        var data = new byte[count * BytesPerBar];
        Encode(source, start, count, data);
        return data;
    }

    /// <summary>Writes bars [start, start + count) into the first <c>count * BytesPerBar</c> bytes of <paramref name="span"/>.</summary>
    public static void Encode(BarBlock source, int start, int count, Span<byte> span)
    {
        var column = count * sizeof(long);
        MemoryMarshal.AsBytes(source.Timestamp.AsSpan(start, count)).CopyTo(span);
        MemoryMarshal.AsBytes(source.Open.AsSpan(start, count)).CopyTo(span[column..]);
        MemoryMarshal.AsBytes(source.High.AsSpan(start, count)).CopyTo(span[(2 * column)..]);
        MemoryMarshal.AsBytes(source.Low.AsSpan(start, count)).CopyTo(span[(3 * column)..]);
        MemoryMarshal.AsBytes(source.Close.AsSpan(start, count)).CopyTo(span[(4 * column)..]);
        MemoryMarshal.AsBytes(source.Volume.AsSpan(start, count)).CopyTo(span[(5 * column)..]);
    }

    /// <summary>Replaces the content of <paramref name="target"/> with the <paramref name="count"/> bars in <paramref name="data"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> data, int count, BarBlock target)
    {
        if (data.Length != count * BytesPerBar || count > target.Capacity)
        {
            throw new InvalidDataException($"a bar chunk of {data.Length} bytes does not hold {count} bars");
        }
        var column = count * sizeof(long);
        MemoryMarshal.Cast<byte, long>(data[..column]).CopyTo(target.Timestamp);
        MemoryMarshal.Cast<byte, double>(data.Slice(column, column)).CopyTo(target.Open);
        MemoryMarshal.Cast<byte, double>(data.Slice(2 * column, column)).CopyTo(target.High);
        MemoryMarshal.Cast<byte, double>(data.Slice(3 * column, column)).CopyTo(target.Low);
        MemoryMarshal.Cast<byte, double>(data.Slice(4 * column, column)).CopyTo(target.Close);
        MemoryMarshal.Cast<byte, double>(data.Slice(5 * column, column)).CopyTo(target.Volume);
        target.Count = count;
    }

    /// <summary>What an upsert did to the bars it was given.</summary>
    public record struct MergeCounts(int Inserted, int Updated, int Unchanged)
    {
        public static MergeCounts operator +(MergeCounts a, MergeCounts b) =>
            new(a.Inserted + b.Inserted, a.Updated + b.Updated, a.Unchanged + b.Unchanged);
    }

    /// <summary>
    /// Merges sorted <paramref name="existing"/> bars with incoming bars [start, end) of <paramref name="incoming"/>
    /// (sorted, no duplicates) into <paramref name="output"/>; an incoming bar replaces an existing one at the same timestamp.
    /// </summary>
    public static MergeCounts Merge(BarBlock existing, BarBlock incoming, int start, int end, BarBlock output)
    {
        output.Count = 0;
        var counts = new MergeCounts();
        int i = 0, j = start;
        // Runs, not bars: an append is one copy of each side.
        while (i < existing.Count && j < end)
        {
            var e = existing.Timestamp[i];
            var n = incoming.Timestamp[j];
            if (e < n)
            {
                var run = existing.LowerBound(n) - i;
                output.AddRange(existing, i, run);
                i += run;
            }
            else if (n < e)
            {
                var found = Array.BinarySearch(incoming.Timestamp, j, end - j, e);
                var run = (found >= 0 ? found : ~found) - j;
                output.AddRange(incoming, j, run);
                counts.Inserted += run;
                j += run;
            }
            else
            {
                if (existing.SameValues(i, incoming, j)) counts.Unchanged++;
                else counts.Updated++;
                output.AddRange(incoming, j++, 1);
                i++;
            }
        }
        output.AddRange(existing, i, existing.Count - i);
        counts.Inserted += end - j;
        output.AddRange(incoming, j, end - j);
        return counts;
    }
}
