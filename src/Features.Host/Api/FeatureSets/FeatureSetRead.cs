using Features.Host.Storage.Entities;

namespace Features.Host.Api.FeatureSets;

/// <summary>A feature set as the API returns it.</summary>
public sealed class FeatureSetRead
{
    public Guid Id { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required IReadOnlyList<Guid> FeatureIds { get; init; }
    public int Version { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    public static FeatureSetRead From(FeatureSet s) => new()
    {
        Id = s.Id,
        Name = s.Name,
        Description = s.Description,
        FeatureIds = s.FeatureIds,
        Version = s.Version,
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
    };
}
