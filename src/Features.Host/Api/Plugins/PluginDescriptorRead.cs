using Features.Host.Plugins;
using Features.Host.Validation;
using Features.PluginSdk;

namespace Features.Host.Api.Plugins;

/// <summary>
/// A plugin as <c>/plugins/available</c> describes it to every reader; host-owned types only, never plugin types.
/// Where it lies on the server's disk is for admins only (<c>/plugins/status</c>).
/// </summary>
public sealed class PluginDescriptorRead
{
    public required string Key { get; init; }
    public required string Type { get; init; }
    /// <summary>Declared version + '+' + the first 16 hex digits of the assembly's SHA-256: what the version hash uses.</summary>
    public required string Version { get; init; }
    public required string DeclaredVersion { get; init; }
    public required string Description { get; init; }
    public required string Assembly { get; init; }
    public required string AssemblySha256 { get; init; }
    public required IReadOnlyList<ParameterRead> Parameters { get; init; }
    public required IReadOnlyList<OutputRead> Outputs { get; init; }
    public required IReadOnlyList<string> InputColumns { get; init; }
    public required string Warmup { get; init; }
    public int WarmupBarsDefault { get; init; }
    public string? LookAhead { get; init; }
    public int LookAheadBarsDefault { get; init; }

    public static PluginDescriptorRead From(LoadedPlugin p)
    {
        var d = p.Descriptor;
        var defaults = ParameterValues.TryResolve(d.Parameters, new Dictionary<string, object?>(), out var values, out _) ? values : null;
        return new PluginDescriptorRead
        {
            Key = d.Key,
            Type = FeatureTypes.Name(d.Type),
            Version = p.Version,
            DeclaredVersion = d.Version,
            Description = d.Description,
            Assembly = Path.GetFileName(p.AssemblyPath),
            AssemblySha256 = p.AssemblySha256,
            Parameters = [.. d.Parameters.Select(ParameterRead.From)],
            Outputs = [.. d.Outputs.Select(o => OutputRead.From(o))],
            InputColumns = d.InputColumns,
            Warmup = d.WarmupRule,
            WarmupBarsDefault = defaults is null ? 0 : SafeCall(() => p.Plugin.WarmupBars(defaults)),
            LookAhead = d.LookAheadRule,
            LookAheadBarsDefault = defaults is null ? 0 : SafeCall(() => p.Plugin.LookAheadBars(defaults)),
        };
    }

    private static int SafeCall(Func<int> f)
    {
        try
        {
            return f();
        }
        catch (Exception)
        {
            return -1;
        }
    }
}

public sealed record ParameterRead(string Name, string Type, object? Default, double? Minimum, double? Maximum, IReadOnlyList<string>? AllowedValues, bool Required, string Description)
{
    public static ParameterRead From(ParameterSpec s) =>
        new(s.Name, s.Type.ToString().ToLowerInvariant(), s.Default, s.Minimum, s.Maximum, s.AllowedValues, s.Required, s.Description);
}

/// <summary>An output column; <c>unit</c> is null when the plugin does not declare one (the UI draws "price" over the candles).</summary>
public sealed record OutputRead(string Name, string Type, string Description, IReadOnlyList<string>? Categories, string? Unit)
{
    public static OutputRead From(OutputColumn o) => new(o.Name, o.Type.ToString().ToLowerInvariant(), o.Description, o.Categories,
        o.Unit == OutputUnit.Unspecified ? null : o.Unit.ToString().ToLowerInvariant());
}
