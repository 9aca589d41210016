using Apache.Arrow;
using Features.Host.Generation;

namespace Features.Host.TrainingSets.Snapshots;

/// <summary>
/// One stored dataset held in memory for point-in-time lookups: its bar closes (<see cref="BarClose"/>) and every
/// column as float64 (NaN for null). A dataset is addressed by its version hash, which fixes its bytes, so a copy
/// never goes stale: it is kept until the memory budget evicts it.
/// </summary>
public sealed class DatasetValues(string timeframe, long[] stamps, IReadOnlyDictionary<string, double[]> columns)
{
    public string Timeframe { get; } = timeframe;
    public long[] Stamps { get; } = stamps;
    public long[] Closes { get; } = BarClose.Of(stamps, timeframe);
    public IReadOnlyDictionary<string, double[]> Columns { get; } = columns;

    /// <summary>Values held (stamps and closes included), for the memory budget.</summary>
    public long Size => (long)Stamps.Length * (2 + Columns.Count);

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
                for (var i = 0; i < batch.Length; i++) stamps.Add(time.GetValue(i)!.Value);
                foreach (var (name, values) in columns) ArrowDoubles.Append(batch.Column(name), values);
            }
        }
        return new DatasetValues(timeframe, [.. stamps],
            (columns ?? []).ToDictionary(c => c.Key, c => c.Value.ToArray(), StringComparer.Ordinal));
    }
}
