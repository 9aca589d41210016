using System.Text.Json;
using Features.Host.Storage.Entities;

namespace Features.Host.Api.Features;

/// <summary>A feature definition as the API returns it.</summary>
public sealed class FeatureRead
{
    public Guid Id { get; init; }
    public required string Name { get; init; }
    public required string PluginKey { get; init; }
    public required string Type { get; init; }
    public JsonElement Parameters { get; init; }
    public string? Description { get; init; }
    public int Version { get; init; }
    public string? StorageUri { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    public static FeatureRead From(FeatureDefinition d)
    {
        using var doc = JsonDocument.Parse(d.ParametersJson);
        return new FeatureRead
        {
            Id = d.Id,
            Name = d.Name,
            PluginKey = d.PluginKey,
            Type = d.Type,
            Parameters = doc.RootElement.Clone(),
            Description = d.Description,
            Version = d.Version,
            StorageUri = d.StorageUri,
            CreatedAt = d.CreatedAt,
            UpdatedAt = d.UpdatedAt,
        };
    }
}
