using Features.PluginSdk;

namespace Features.Plugins.Technical.Common;

/// <summary>Facts shared by every plugin of the technical pack.</summary>
internal static class TechnicalPack
{
    /// <summary>A plugin's descriptor: the pack's type and version around what the plugin itself says.</summary>
    public static PluginDescriptor Describe(string key, OutputList outputs, IReadOnlyList<string> inputs, string warmup, string description, string? lookAhead = null) =>
        new() { Key = key, Type = FeatureType.Technical, Version = Version, Description = description, Outputs = outputs.Columns, InputColumns = inputs, WarmupRule = warmup, LookAheadRule = lookAhead };

    /// <summary>The pack's version; bump it when any kernel's output changes.</summary>
    // 1.1.0: the speed work (batch loops, branch-free selects, reciprocal multiplies, bb summed by window position) moved some outputs by a few ulp; a new version, so datasets made by 1.0.0 are not served as if computed by it.
    // 1.3.0: output units declared (price levels); values bit-identical, but a new assembly.
    public const string Version = "1.3.0";

    /// <summary>The upper bound used for lookback parameters.</summary>
    public const long MaxPeriod = 10_000;
}
