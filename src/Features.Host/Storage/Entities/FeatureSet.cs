namespace Features.Host.Storage.Entities;

/// <summary>A named, versioned list of feature definitions ("alpha-14"), so a job or a training set names one thing.</summary>
public sealed class FeatureSet
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>The definitions' ids as a JSON array, in the order the user gave them.</summary>
    public required string FeatureIdsJson { get; set; }
    /// <summary>Optimistic-lock version; bumped by every update.</summary>
    public int Version { get; set; } = 1;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public IReadOnlyList<Guid> FeatureIds => System.Text.Json.JsonSerializer.Deserialize<Guid[]>(FeatureIdsJson) ?? [];
}
