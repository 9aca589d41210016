namespace Features.Host.Storage.Entities;

/// <summary>A feature definition: a plugin key plus hyperparameters.</summary>
public sealed class FeatureDefinition
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string PluginKey { get; set; }
    public required string Type { get; set; }
    /// <summary>The parameters exactly as the user stored them (canonical JSON object); defaults are merged only when hashing.</summary>
    public required string ParametersJson { get; set; }
    public string? Description { get; set; }
    /// <summary>Optimistic-lock version; bumped by every update.</summary>
    public int Version { get; set; } = 1;
    /// <summary>Object-key prefix for this feature's datasets; defaults to <c>&lt;plugin_key&gt;/</c>.</summary>
    public required string StoragePrefix { get; set; }
    /// <summary>Where the datasets live; null until the first generation.</summary>
    public string? StorageUri { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
