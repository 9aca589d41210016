using System.Collections.Concurrent;
using Apache.Arrow;
using Features.Host.Generation;

namespace Features.Host.TrainingSets.Snapshots;

/// <summary>
/// One stored dataset held in memory for point-in-time lookups: its bar closes (<see cref="BarClose"/>) and every
/// column as float64 (NaN for null), row by row (<see cref="Matrix"/>), so a snapshot reads a row's columns from one
/// place in memory. A dataset is addressed by its version hash, which fixes its bytes, so a copy never goes stale: it
/// is kept until the memory budget evicts it.
/// </summary>
public sealed class DatasetValues
{
    // Column name lists by their text: datasets of one feature share one array, so a snapshot resolves a member's
    // column positions once per feature, not once per symbol. A few per plugin and parameter set.
    private static readonly ConcurrentDictionary<string, string[]> Schemas = new(StringComparer.Ordinal);

    public DatasetValues(string timeframe, long[] stamps, IReadOnlyDictionary<string, double[]> columns)
    {
        Timeframe = timeframe;
        Stamps = stamps;
        Closes = BarClose.Of(stamps, timeframe);
        var names = columns.Keys.ToArray();
        Schema = Schemas.GetOrAdd(string.Join('\u001f', names), _ => names);
        Matrix = new double[stamps.Length * Schema.Length];
        for (var c = 0; c < Schema.Length; c++)
        {
            var column = columns[Schema[c]];
            for (var row = 0; row < stamps.Length; row++) Matrix[row * Schema.Length + c] = column[row];
        }
    }

    public string Timeframe { get; }
    public long[] Stamps { get; }
    public long[] Closes { get; }

    /// <summary>The column names, in file order; the same array for every dataset with these columns.</summary>
    public string[] Schema { get; }

    /// <summary>Row-major values: row <c>r</c>, column <c>c</c> at <c>r * Schema.Length + c</c>.</summary>
    public double[] Matrix { get; }

    /// <summary>Values held (stamps and closes included), for the memory budget.</summary>
    public long Size => (long)Stamps.Length * (2 + Schema.Length);

    /// <summary>One column's values, in row order (a copy).</summary>
    public double[] Column(string name)
    {
        var c = System.Array.IndexOf(Schema, name);
        if (c < 0) throw new KeyNotFoundException($"no column '{name}'");
        return [.. Enumerable.Range(0, Stamps.Length).Select(row => Matrix[row * Schema.Length + c])];
    }

    /// <summary>
    /// The row a value known at <paramref name="asOf"/> comes from: the latest bar closed at or before it, then
    /// <see cref="AsOfRule.Lag"/> bars back; -1 when there is none or it is older than the rule's staleness limit.
    /// The same rule as <see cref="AsOfJoiner"/>, for one instant (a binary search instead of a merge).
    /// </summary>
    public int RowAt(long asOf, AsOfRule rule)
    {
        var latest = UpperBound(Closes, asOf) - 1;
        var used = latest - rule.Lag;
        if (latest < 0 || used < 0) return -1;
        if (rule.MaxStalenessMicros is { } limit && asOf - Closes[used] > limit) return -1;
        return used;
    }

    /// <summary>
    /// The first index whose value is above <paramref name="value"/>. A snapshot asks near the end of its window, so the
    /// search gallops back from the end and then bisects the last step: it touches a few cache lines of the newest rows
    /// instead of the whole array (7,000 datasets a request, each in its own place in memory).
    /// </summary>
    internal static int UpperBound(long[] sorted, long value)
    {
        int hi = sorted.Length, probe = hi - 1, step = 1;
        while (probe >= 0 && sorted[probe] > value)
        {
            hi = probe;
            probe -= step;
            step <<= 1;
        }
        var lo = Math.Max(probe + 1, 0);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Reads a verified local copy of a dataset's Parquet file.</summary>
    public static async Task<DatasetValues> ReadAsync(string file, string timeframe, CancellationToken ct)
    {
        var stamps = new List<long>();
        Dictionary<string, List<double>>? columns = null;
        using var reader = new ParquetSharp.Arrow.FileReader(file);
        using var batches = reader.GetRecordBatchReader();
        while (await batches.ReadNextRecordBatchAsync(ct) is { } batch)
        {
            using (batch)
            {
                columns ??= batch.Schema.FieldsList.Where(f => f.Name != "timestamp").ToDictionary(f => f.Name, _ => new List<double>(), StringComparer.Ordinal);
                var time = (TimestampArray)batch.Column("timestamp");
                ArrowDoubles.AppendStamps(time, stamps);
                foreach (var (name, values) in columns) ArrowDoubles.Append(batch.Column(name), values);
            }
        }
        return new DatasetValues(timeframe, [.. stamps],
            (columns ?? []).ToDictionary(c => c.Key, c => c.Value.ToArray(), StringComparer.Ordinal));
    }
}
