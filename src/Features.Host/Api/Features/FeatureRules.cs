using System.Text.Json;
using Features.Host.Errors;
using Features.Host.Plugins;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Features.Host.Validation;

namespace Features.Host.Api.Features;

/// <summary>
/// Checks a definition against the plugin it names, before anything is stored or computed. The request's shape
/// (name, lengths, prefixes, parameter size caps) is the slices' validators' job; these need the deployed plugin.
/// </summary>
public static class FeatureRules
{
    public static LoadedPlugin Plugin(PluginRegistry registry, string? key)
    {
        if (string.IsNullOrWhiteSpace(key)) throw ProblemException.Invalid("plugin_key", "is required");
        if (!registry.TryGet(key, out var plugin))
        {
            var near = registry.All.Select(p => p.Key).Where(k => k.Contains(key.Split('.').Last(), StringComparison.OrdinalIgnoreCase)).Take(5).ToList();
            throw ProblemException.Invalid("plugin_key", $"unknown plugin key '{UserText.Shorten(key, 60)}'" +
                (near.Count > 0 ? $"; did you mean {string.Join(", ", near)}?" : "; see GET /api/v1/features/plugins/available"));
        }
        return plugin;
    }

    /// <summary>Validates parameters against the plugin's schema (unknown names, types, ranges, cross-field rules) and returns them as stored: compact JSON, defaults not merged.</summary>
    public static string Parameters(LoadedPlugin plugin, JsonElement? parameters)
    {
        if (parameters is null || parameters.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return "{}";
        if (parameters.Value.ValueKind != JsonValueKind.Object) throw ProblemException.Invalid("parameters", "must be a JSON object");
        plugin.ResolveParameters(parameters.Value.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone()));
        return JsonSerializer.Serialize(parameters.Value);
    }

    /// <summary>The plugin's type; a type the request names (already one of the SDK's) must be that one.</summary>
    public static string Type(LoadedPlugin plugin, string? requested)
    {
        var actual = FeatureTypes.Name(plugin.Descriptor.Type);
        if (requested is not null && requested != actual) throw ProblemException.Invalid("type", $"plugin '{plugin.Key}' is of type '{actual}', not '{requested}'");
        return actual;
    }

    /// <summary>
    /// A new definition (version 1) of the plugin <paramref name="pluginKey"/>, checked by the rules above in the order
    /// their errors are reported: what <c>POST /api/v1/features</c> stores, and the start-up warm-up's features.
    /// </summary>
    public static FeatureDefinition NewDefinition(PluginRegistry registry, string? pluginKey, string name, string? type = null,
        JsonElement? parameters = null, string? description = null, string? storagePrefix = null)
    {
        var plugin = Plugin(registry, pluginKey);
        var checkedType = Type(plugin, type);
        var parametersJson = Parameters(plugin, parameters);
        var now = StorageClock.UtcNow;
        return new FeatureDefinition
        {
            Id = Guid.NewGuid(),
            Name = name,
            PluginKey = plugin.Key,
            Type = checkedType,
            ParametersJson = parametersJson,
            Description = description,
            Version = 1,
            StoragePrefix = StoragePrefixes.Normalise(storagePrefix, plugin.Key),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
