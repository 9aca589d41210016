using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Features.Host.Generation;
using Features.Host.Storage.Entities;

namespace Features.Host.Api.Features;

/// <summary>One stored dataset version.</summary>
public record FeatureDatasetRead
{
    public Guid FeatureId { get; init; }
    public Guid DatasetId { get; init; }
    public required string VersionHash { get; init; }
    public required string Symbol { get; init; }
    public required string Timeframe { get; init; }
    public DateTime StartDate { get; init; }
    public DateTime EndDate { get; init; }
    public required string SourceFingerprint { get; init; }
    public required string PluginKey { get; init; }
    public required string PluginVersion { get; init; }
    public JsonElement Parameters { get; init; }
    public required string StorageUri { get; init; }
    public long RowCount { get; init; }
    public long SizeBytes { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }
    public Guid? Supersedes { get; init; }
    public DateTime CreatedAt { get; init; }


    public static FeatureDatasetRead From(FeatureDataset d) => new()
    {
        FeatureId = d.FeatureId,
        DatasetId = d.Id,
        VersionHash = d.VersionHash,
        Symbol = d.Symbol,
        Timeframe = d.Timeframe,
        StartDate = d.StartDate,
        EndDate = d.EndDate,
        SourceFingerprint = d.SourceFingerprint,
        PluginKey = d.PluginKey,
        PluginVersion = d.PluginVersion,
        Parameters = JsonDocument.Parse(d.ParametersJson).RootElement.Clone(),
        StorageUri = d.StorageUri,
        RowCount = d.RowCount,
        SizeBytes = d.SizeBytes,
        Columns = JsonSerializer.Deserialize<string[]>(d.ColumnsJson) ?? [],
        Supersedes = d.SupersedesId,
        CreatedAt = d.CreatedAt,
    };
}

/// <summary>The answer to generate and regenerate: the dataset, plus whether it was reused and its first rows.</summary>
public sealed record FeatureGenerateResponse : FeatureDatasetRead
{
    [SetsRequiredMembers]
    private FeatureGenerateResponse(FeatureDatasetRead dataset) : base(dataset)
    {
    }

    public bool Cached { get; init; }
    public JsonElement Preview { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];

    public static FeatureGenerateResponse From(GenerationResult result) => new(From(result.Dataset))
    {
        Cached = result.Cached,
        Preview = JsonDocument.Parse(result.Dataset.PreviewJson).RootElement.Clone(),
        Notes = result.Notes,
    };
}
