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

/// <summary>One OHLCV bar row; timestamps are Unix microseconds UTC.</summary>
public sealed class BarRecord
{
    public int SeriesId { get; set; }
    public long Timestamp { get; set; }
    public double Open { get; set; }
    public double High { get; set; }
    public double Low { get; set; }
    public double Close { get; set; }
    public double Volume { get; set; }
}
