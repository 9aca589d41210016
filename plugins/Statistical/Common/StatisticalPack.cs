using Features.PluginSdk;

namespace Features.Plugins.Statistical.Common;

/// <summary>Facts shared by every plugin of the statistical pack.</summary>
internal static class StatisticalPack
{
    /// <summary>A plugin's descriptor: the pack's type and version around what the plugin itself says.</summary>
    public static PluginDescriptor Describe(string key, OutputList outputs, IReadOnlyList<string> inputs, string warmup, string description, string? lookAhead = null) =>
        new() { Key = key, Type = FeatureType.Statistical, Version = Version, Description = description, Outputs = outputs.Columns, InputColumns = inputs, WarmupRule = warmup, LookAheadRule = lookAhead };

    /// <summary>The pack's version; bump it when any kernel's output changes.</summary>
    // 1.1.0: moments by Σx·(1/n), √M2·√(1/(n-ddof)) and one shared division for skewness and kurtosis moved the mean, standard deviation, skewness and kurtosis (and the plugins built on them) by a few ulp.
    public const string Version = "1.2.0";

    /// <summary>The upper bound of every rolling window, in bars (memory is bounded by it).</summary>
    public const long MaxWindow = 10_000;

    /// <summary>The NaN policy every windowed kernel follows, for descriptors.</summary>
    public const string NullPolicy =
        "A window that contains a null input (the first bar of a return series, a non-positive price under a log) is null.";
}
