using System.Text.Json;
using System.Text.RegularExpressions;
using Features.Host.Configuration;
using Features.Host.Errors;
using Features.Host.Plugins;
using Features.PluginSdk;

namespace Features.Host.Api.Features;

/// <summary>Checks a definition against the plugin it names, before anything is stored or computed.</summary>
public static partial class FeatureRules
{
    public static readonly string[] Types = ["technical", "statistical", "automated", "news", "fundamental", "macro"];

    public static string TypeName(FeatureType type) => type.ToString().ToLowerInvariant();

    public static LoadedPlugin Plugin(PluginRegistry registry, string? key)
    {
        if (string.IsNullOrWhiteSpace(key)) throw ProblemException.Invalid("plugin_key", "is required");
        if (!registry.TryGet(key, out var plugin))
        {
            var near = registry.All.Select(p => p.Key).Where(k => k.Contains(key.Split('.').Last(), StringComparison.OrdinalIgnoreCase)).Take(5).ToList();
            throw ProblemException.Invalid("plugin_key", $"unknown plugin key '{Shorten(key)}'" +
                (near.Count > 0 ? $"; did you mean {string.Join(", ", near)}?" : "; see GET /api/v1/features/plugins/available"));
        }
        return plugin;
    }

    /// <summary>Validates user parameters (unknown names, types, ranges, cross-field rules) and returns them as stored: compact JSON, defaults not merged.</summary>
    public static string Parameters(LoadedPlugin plugin, JsonElement? parameters, LimitOptions limits)
    {
        if (parameters is null || parameters.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return "{}";
        if (parameters.Value.ValueKind != JsonValueKind.Object) throw ProblemException.Invalid("parameters", $"must be a JSON object, not {parameters.Value.ValueKind.ToString().ToLowerInvariant()}");
        // Size caps first, so an oversized object is refused before any plugin code looks at it.
        if (Depth(parameters.Value) > limits.MaxJsonDepth - 1)
        {
            throw ProblemException.Invalid("parameters", $"nests deeper than {limits.MaxJsonDepth} levels (Features:Limits:MaxJsonDepth)");
        }
        var count = 0;
        foreach (var p in parameters.Value.EnumerateObject())
        {
            if (++count > limits.MaxParameters)
            {
                throw ProblemException.Invalid("parameters", $"has more than {limits.MaxParameters} entries (Features:Limits:MaxParameters)");
            }
            if (p.Name.Length > 128 || p.Name.Any(char.IsControl))
            {
                throw ProblemException.Invalid("parameters", $"parameter name '{Shorten(p.Name)}' must be at most 128 characters without control characters");
            }
            if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is var text && (text!.Contains('\0') || !IsWellFormed(text)))
            {
                throw ProblemException.Invalid("parameters." + p.Name, "must not contain NUL or lone surrogate characters");
            }
            var length = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()!.Length : p.Value.GetRawText().Length;
            if (length > limits.MaxParameterLength)
            {
                throw ProblemException.Invalid("parameters." + p.Name, $"is {length} characters long; at most {limits.MaxParameterLength} (Features:Limits:MaxParameterLength)");
            }
        }
        plugin.ResolveParameters(parameters.Value.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone()));
        return JsonSerializer.Serialize(parameters.Value);
    }

    public static string Type(LoadedPlugin plugin, string? requested)
    {
        var actual = TypeName(plugin.Descriptor.Type);
        if (requested is null) return actual;
        if (!Types.Contains(requested)) throw ProblemException.Invalid("type", $"must be one of {string.Join(", ", Types)}; got '{Shorten(requested)}'");
        if (requested != actual) throw ProblemException.Invalid("type", $"plugin '{plugin.Key}' is of type '{actual}', not '{requested}'");
        return actual;
    }

    public static string Name(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw ProblemException.Invalid("name", "is required");
        if (name.Length > 255) throw ProblemException.Invalid("name", $"must be at most 255 characters; got {name.Length}");
        if (name.Any(char.IsControl)) throw ProblemException.Invalid("name", "must not contain control characters");
        if (!IsWellFormed(name)) throw ProblemException.Invalid("name", "must be well-formed Unicode (no lone surrogate code points)");
        return name;
    }

    public static string? Description(string? description)
    {
        if (description is { Length: > 4000 }) throw ProblemException.Invalid("description", $"must be at most 4000 characters; got {description.Length}");
        // Line breaks and tabs are fine in prose; NUL and other controls are not (PostgreSQL text cannot even hold NUL).
        if (description is not null && description.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            throw ProblemException.Invalid("description", "must not contain control characters other than line breaks and tabs");
        }
        if (description is not null && !IsWellFormed(description)) throw ProblemException.Invalid("description", "must be well-formed Unicode (no lone surrogate code points)");
        return description;
    }

    /// <summary>An object-key prefix: path segments of safe characters, no '..', ending with '/'.</summary>
    public static string StoragePrefix(string? prefix, string pluginKey)
    {
        if (prefix is null) return pluginKey + "/";
        var trimmed = prefix.Trim('/');
        if (trimmed.Length == 0 || trimmed.Length > 200 || !PrefixPattern().IsMatch(trimmed) || trimmed.Split('/').Any(s => s is "." or ".."))
        {
            throw ProblemException.Invalid("storage_prefix", "must be 1-200 characters of path segments (letters, digits, . _ -) separated by '/', without '.' or '..' segments");
        }
        return trimmed + "/";
    }

    private static int Depth(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => 1 + e.EnumerateObject().Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
        JsonValueKind.Array => 1 + e.EnumerateArray().Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    /// <summary>False for lone UTF-16 surrogates, which JSON escapes can smuggle in and UTF-8 storage cannot encode.</summary>
    public static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return false;
        }
        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")]
    private static partial Regex PrefixPattern();

    private static string Shorten(string s) => s.Length > 60 ? s[..60] + "..." : s;
}
