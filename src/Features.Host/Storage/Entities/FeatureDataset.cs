namespace Features.Host.Storage.Entities;

/// <summary>One definition computed over one symbol, timeframe and range; addressed by its version hash.</summary>
public sealed class FeatureDataset
{
    public Guid Id { get; set; }
    public Guid FeatureId { get; set; }
    public required string VersionHash { get; set; }
    public required string Symbol { get; set; }
    public required string Timeframe { get; set; }
    public DateTime StartDate { get; set; }
    public DateTime EndDate { get; set; }
    public required string SourceFingerprint { get; set; }
    public required string PluginKey { get; set; }
    public required string PluginVersion { get; set; }
    /// <summary>Parameters with defaults merged, as hashed (canonical JSON).</summary>
    public required string ParametersJson { get; set; }
    /// <summary>The object key in the store.</summary>
    public required string ObjectKey { get; set; }
    public required string StorageUri { get; set; }
    public long RowCount { get; set; }
    public long SizeBytes { get; set; }
    /// <summary>SHA-256 of the stored object, checked on download.</summary>
    public required string ObjectSha256 { get; set; }
    /// <summary>Output column names (JSON array), timestamp first.</summary>
    public required string ColumnsJson { get; set; }
    /// <summary>The first rows as a JSON array of objects, so a cached response needs no object read.</summary>
    public required string PreviewJson { get; set; }
    /// <summary>The dataset of the same definition, symbol and timeframe this one replaced on regenerate.</summary>
    public Guid? SupersedesId { get; set; }
    public DateTime CreatedAt { get; set; }
}
