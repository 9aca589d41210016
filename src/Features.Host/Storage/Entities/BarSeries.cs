namespace Features.Host.Storage.Entities;

/// <summary>One symbol at one timeframe in the bar store.</summary>
public sealed class BarSeries
{
    public int Id { get; set; }
    public required string Symbol { get; set; }
    public required string Timeframe { get; set; }
    public long BarCount { get; set; }
    /// <summary>First and last bar timestamps, Unix microseconds UTC; null while empty.</summary>
    public long? FirstTimestamp { get; set; }
    public long? LastTimestamp { get; set; }
    /// <summary>Bumped whenever an ingestion adds or changes a bar.</summary>
    public long Revision { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// Up to <see cref="MarketData.BarChunks.MaxBars"/> consecutive bars of one series in one row: the bar store keeps
/// bars packed (see <see cref="MarketData.BarChunks"/>), so reading a million bars is a few hundred row fetches.
/// </summary>
public sealed class BarChunk
{
    public int SeriesId { get; set; }
    /// <summary>Timestamps of the chunk's first and last bar, Unix microseconds UTC. Chunks of a series never overlap.</summary>
    public long FirstTimestamp { get; set; }
    public long LastTimestamp { get; set; }
    public int BarCount { get; set; }
    /// <summary>Columnar, little-endian: int64 timestamps, then open, high, low, close, volume as float64 (48 bytes a bar).</summary>
    public required byte[] Data { get; set; }
}

/// <summary>
/// What a plan over one series revision found: where its warm-up starts, how many bars it reads and their
/// fingerprint. Fixed by its key (series and revision, range, warm-up, auxiliary series' revisions), so every
/// instance and every restart can reuse it: a cached generate then reads no bars.
/// </summary>
public sealed class PlanFact
{
    public required string Key { get; set; }
    public int SeriesId { get; set; }
    public long Revision { get; set; }
    public long ReadFrom { get; set; }
    public required string Fingerprint { get; set; }
    public long BarsRead { get; set; }
    public required string NotesJson { get; set; }
    public DateTime CreatedAt { get; set; }
}
