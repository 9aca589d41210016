namespace Features.PluginSdk;

/// <summary>Everything the host needs to list, validate and hash a plugin without running it.</summary>
public sealed class PluginDescriptor
{
    /// <summary>Unique key, <c>&lt;pack&gt;.&lt;name&gt;</c>, e.g. <c>technical.rsi</c>.</summary>
    public required string Key { get; init; }
    /// <summary>The feature family.</summary>
    public required FeatureType Type { get; init; }
    /// <summary>The author's version (semantic versioning); the host appends a hash of the assembly.</summary>
    public required string Version { get; init; }
    /// <summary>What the plugin computes, with its conventions (seeding, denominators).</summary>
    public required string Description { get; init; }
    /// <summary>The hyperparameters, with defaults and ranges.</summary>
    public IReadOnlyList<ParameterSpec> Parameters { get; init; } = [];
    /// <summary>The output columns for the default parameters.</summary>
    public IReadOnlyList<OutputColumn> Outputs { get; init; } = [];
    /// <summary>Which bar fields the kernel reads (<c>open</c>, <c>high</c>, <c>low</c>, <c>close</c>, <c>volume</c>, <c>hl2</c>...).</summary>
    public IReadOnlyList<string> InputColumns { get; init; } = ["close"];
    /// <summary>The warm-up rule in words, e.g. <c>period bars</c>.</summary>
    public string WarmupRule { get; init; } = "none";
    /// <summary>Null when the plugin never reads a later bar; otherwise how far it looks ahead, in words.</summary>
    public string? LookAheadRule { get; init; }
}
