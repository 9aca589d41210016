using System.Collections.Concurrent;
using Features.Host.Generation;
using Features.Host.Storage.Entities;

namespace Features.Host.TrainingSets.Snapshots;

/// <summary>The <c>Features:Snapshots</c> configuration section (docs/TRAINING_SETS.md, "Snapshot").</summary>
public sealed class SnapshotOptions
{
    /// <summary>
    /// Values the snapshot's in-memory dataset index may hold (stamps, closes and every column, 8 bytes each): 32 Mi is
    /// about 256 MB, three times the 500 symbols × 14 daily features of the benchmark. Past it the least recently used
    /// datasets are dropped; a snapshot needing more still answers, reading the rest from the store.
    /// </summary>
    public long IndexValues { get; set; } = 32L << 20;

    public static SnapshotOptions Bind(IConfiguration configuration)
    {
        var options = configuration.GetSection("Features:Snapshots").Get<SnapshotOptions>() ?? new SnapshotOptions();
        if (options.IndexValues < 1)
        {
            throw new InvalidOperationException($"Features:Snapshots:IndexValues must be at least 1, not {options.IndexValues}");
        }
        return options;
    }
}

/// <summary>
/// A dataset held by <see cref="DatasetValuesIndex"/>: its values until the budget drops it, and when a snapshot last
/// used it. Dropping lets go of the values, so a handle remembered elsewhere keeps no memory alive.
/// </summary>
public sealed class HeldDataset(string versionHash, DatasetValues values, long used)
{
    internal long LastUsed = used;
    private volatile DatasetValues? _values = values;

    public string VersionHash { get; } = versionHash;

    /// <summary>Values held (as <see cref="DatasetValues.Size"/>), counted against the budget.</summary>
    public long Size { get; } = values.Size;

    /// <summary>The values; null once dropped (then ask the index again).</summary>
    public DatasetValues? Values => _values;

    internal void Evict() => _values = null;
}

/// <summary>
/// The in-memory index of <see cref="DatasetValues"/> by version hash that lets a snapshot answer without opening a
/// Parquet file. A version hash fixes a dataset's bytes, so a held copy never goes stale. Bounded by
/// <see cref="SnapshotOptions.IndexValues"/>: past it, the least recently used datasets are dropped down to 90% of the
/// budget (so one insert does not sort the index each time). A snapshot keeps references to what it found, so dropping
/// a dataset it is using costs memory for the length of that request, never a wrong or missing value.
/// </summary>
public sealed class DatasetValuesIndex(DatasetReader reader, SnapshotOptions options)
{
    private readonly ConcurrentDictionary<string, HeldDataset> _byHash = new(StringComparer.Ordinal);
    private readonly Lock _evicting = new();
    private long _size;
    private long _clock;
    private long _loads;
    private long _evictions;

    public long CapacityValues => options.IndexValues;

    /// <summary>Datasets read from the store since start (a held one is never read again while held).</summary>
    public long Loads => Interlocked.Read(ref _loads);

    /// <summary>Datasets dropped by the budget since start.</summary>
    public long Evictions => Interlocked.Read(ref _evictions);

    /// <summary>Values held now.</summary>
    public long SizeValues => Interlocked.Read(ref _size);

    public int Count => _byHash.Count;

    /// <summary>A use stamp for one snapshot: what it touches with it counts as used at the same time.</summary>
    public long NextUse() => Interlocked.Increment(ref _clock);

    /// <summary>Marks a held dataset as used (for the eviction order).</summary>
    public static void Touch(HeldDataset held, long use) => Volatile.Write(ref held.LastUsed, use);

    /// <summary>The held dataset and its values, or false when not held (or dropped just now).</summary>
    public bool TryGet(string versionHash, long use, out HeldDataset held, out DatasetValues values)
    {
        values = null!;
        if (!_byHash.TryGetValue(versionHash, out held!) || held.Values is not { } present) return false;
        Touch(held, use);
        values = present;
        return true;
    }

    /// <summary>
    /// The dataset's values, read from the store (checksum verified) when not held yet. The values are returned beside
    /// the handle: with a budget smaller than one snapshot's datasets, the budget may drop them before the caller looks.
    /// </summary>
    public async Task<(HeldDataset Held, DatasetValues Values)> LoadAsync(FeatureDataset dataset, long use, CancellationToken ct)
    {
        if (TryGet(dataset.VersionHash, use, out var held, out var present)) return (held, present);
        var file = await reader.FetchVerifiedAsync(dataset, ct);
        DatasetValues values;
        try
        {
            values = await DatasetValues.ReadAsync(file, dataset.Timeframe, ct);
        }
        finally
        {
            File.Delete(file);
        }
        Interlocked.Increment(ref _loads);
        held = new HeldDataset(dataset.VersionHash, values, use);
        // Two requests loading the same dataset at once both read it; the first copy stays.
        if (!_byHash.TryAdd(dataset.VersionHash, held)) return TryGet(dataset.VersionHash, use, out var first, out var firstValues) ? (first, firstValues) : (held, values);
        if (Interlocked.Add(ref _size, held.Size) > CapacityValues) Evict();
        return (held, values);
    }

    private void Evict()
    {
        lock (_evicting)
        {
            if (Interlocked.Read(ref _size) <= CapacityValues) return;
            var target = CapacityValues - CapacityValues / 10;
            foreach (var held in _byHash.Values.OrderBy(h => Volatile.Read(ref h.LastUsed)))
            {
                if (Interlocked.Read(ref _size) <= target) break;
                if (!_byHash.TryRemove(new KeyValuePair<string, HeldDataset>(held.VersionHash, held))) continue;
                held.Evict();
                Interlocked.Add(ref _size, -held.Size);
                Interlocked.Increment(ref _evictions);
            }
        }
    }
}
