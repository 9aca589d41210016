using Features.PluginSdk;

namespace Features.Plugins.Macro.Common;

/// <summary>Facts shared by every plugin of the macro pack.</summary>
internal static class MacroPack
{
    /// <summary>A plugin's descriptor: the pack's type and version around what the plugin itself says.</summary>
    public static PluginDescriptor Describe(string key, OutputList outputs, IReadOnlyList<string> inputs, string warmup, string description, string? lookAhead = null) =>
        new() { Key = key, Type = FeatureType.Macro, Version = Version, Description = description, Outputs = outputs.Columns, InputColumns = inputs, WarmupRule = warmup, LookAheadRule = lookAhead };

    /// <summary>The pack's version; bump it when any kernel's output changes.</summary>
    public const string Version = "1.1.0";

    /// <summary>The upper bound used for lookback parameters.</summary>
    public const long MaxPeriod = 10_000;

    /// <summary>Microseconds in one day, for ages reported in days.</summary>
    public const double MicrosPerDay = 86_400_000_000d;
}

/// <summary>The shared <c>benchmark</c> parameter of a typed parameters class: a required symbol (declare it <c>string?</c>, no initial value).</summary>
internal sealed class BenchmarkAttribute() : ParameterAttribute(Text)
{
    public const string Text =
        "Symbol of the benchmark (market/base) series in the bar store, matched to this symbol's bars on equal timestamps; required.";
}

/// <summary>
/// A macro series symbol of a typed parameters class, saying which series it is: a required symbol (declare it
/// <c>string?</c>, no initial value), e.g. <c>[Series("macro series")] public string? Series { get; init; }</c>.
/// </summary>
internal sealed class SeriesAttribute(string what) : ParameterAttribute($"Symbol of the {what} in the bar store (its close is the value); required.");

/// <summary>
/// The shared <c>release_lag</c> parameter of a typed parameters class:
/// <c>[ReleaseLag] public Duration ReleaseLag { get; init; } = Duration.Parse("0s");</c>.
/// </summary>
internal sealed class ReleaseLagAttribute() : ParameterAttribute(
    "Publication delay: an observation stamped t is usable from bars stamped t + release_lag onwards (0s = on its own timestamp).");
