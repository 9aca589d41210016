using Features.Host.Errors;
using Features.PluginSdk;

namespace Features.Host.Plugins;

/// <summary>A plugin as the host sees it: its descriptor, where it came from and the version the hash uses.</summary>
public sealed class LoadedPlugin(IFeaturePlugin plugin, string folder, string assemblyPath, string assemblySha256)
{
    public IFeaturePlugin Plugin { get; } = plugin;
    public PluginDescriptor Descriptor => Plugin.Descriptor;
    public string Key => Plugin.Descriptor.Key;
    /// <summary>The plugin folder it was loaded from.</summary>
    public string Folder { get; } = folder;
    public string AssemblyPath { get; } = assemblyPath;
    public string AssemblySha256 { get; } = assemblySha256;

    /// <summary>Declared version, '+', first 16 hex digits of the assembly's SHA-256 (version-hash spec v1).</summary>
    public string Version { get; } = $"{plugin.Descriptor.Version}+{assemblySha256[..16]}";

    /// <summary>
    /// Checks raw parameters against the descriptor, then the plugin's cross-parameter rules; every problem
    /// is a 422 on <c>parameters.&lt;name&gt;</c>. Exceptions the plugin's own code throws pass through.
    /// </summary>
    public ParameterValues ResolveParameters(IReadOnlyDictionary<string, object?> raw)
    {
        if (!ParameterValues.TryResolve(Descriptor.Parameters, raw, out var values, out var errors))
        {
            throw Invalid(errors);
        }
        var cross = Plugin.Validate(values).ToList();
        if (cross.Count > 0) throw Invalid(cross);
        return values;
    }

    private static ProblemException Invalid(IEnumerable<ParameterError> errors) =>
        ProblemException.Invalid(errors.GroupBy(e => "parameters." + e.Parameter).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
}

/// <summary>A plugin folder that could not be loaded, and why.</summary>
public sealed record PluginLoadFailure(string Folder, string Reason, DateTimeOffset At);
