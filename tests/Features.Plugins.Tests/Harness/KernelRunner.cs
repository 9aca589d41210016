using Features.PluginSdk;

namespace Features.Plugins.Tests.Harness;

/// <summary>The conformance kit's <see cref="PluginRunner"/> for the packs' plugins, named by key and loaded through the registry.</summary>
public static class KernelRunner
{
    public static ParameterValues Parameters(IFeaturePlugin plugin, IReadOnlyDictionary<string, object?>? raw = null) =>
        PluginRunner.Parameters(plugin, raw);

    public static OutputTable Run(string key, Bar[] bars, int batchSize = int.MaxValue,
        IReadOnlyDictionary<string, object?>? parameters = null,
        Func<IReadOnlyDictionary<string, IAuxiliarySeries>>? auxiliary = null) =>
        PluginRunner.Run(PluginPacks.Get(key).Plugin, bars, batchSize, parameters, auxiliary);

    public static OutputTable Run(IFeaturePlugin plugin, Bar[] bars, int batchSize = int.MaxValue,
        IReadOnlyDictionary<string, object?>? parameters = null,
        Func<IReadOnlyDictionary<string, IAuxiliarySeries>>? auxiliary = null) =>
        PluginRunner.Run(plugin, bars, batchSize, parameters, auxiliary);

    /// <summary>The conformance kit for a pack plugin.</summary>
    public static PluginConformance Conformance(string key, ConformanceOptions? options = null) =>
        new(PluginPacks.Get(key).Plugin, options);
}
