using Features.PluginSdk;

namespace Features.Host.Validation;

/// <summary>The API's names of the SDK's <see cref="FeatureType"/> values (lowercase), so a new type in the SDK is a new name here.</summary>
public static class FeatureTypes
{
    public static readonly IReadOnlyList<string> Names = [.. Enum.GetValues<FeatureType>().Select(Name)];

    public static string Name(FeatureType type) => type.ToString().ToLowerInvariant();

    public static bool IsValid(string? name) => name is not null && Names.Contains(name);
}
