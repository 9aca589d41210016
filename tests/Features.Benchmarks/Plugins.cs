using Features.Host.Plugins;
using Features.PluginSdk;
using Microsoft.Extensions.Logging.Abstractions;

namespace Features.Benchmarks;

/// <summary>
/// The built plugin packs, loaded through the host's real registry from <c>artifacts/plugins</c> (as the
/// plugin tests do): a compile-time reference would measure code the host never runs.
/// </summary>
public static class Plugins
{
    private static readonly Lazy<PluginRegistry> Lazy = new(() =>
    {
        var root = Environment.GetEnvironmentVariable("FEATURES_PLUGINS_DIR") ?? Path.Combine(RepoRoot(), "artifacts", "plugins");
        var registry = new PluginRegistry(new PluginsOptions { HotReload = false }, [root], NullLogger<PluginRegistry>.Instance);
        registry.Start();
        if (registry.All.Count == 0)
        {
            throw new InvalidOperationException($"no plugins loaded from {root}; build Features.sln first");
        }
        return registry;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static PluginRegistry Registry => Lazy.Value;

    /// <summary>Technical and statistical plugins that need nothing but the bars (no auxiliary series).</summary>
    public static IEnumerable<string> KernelKeys() =>
        Registry.All
            .Where(p => p.Descriptor.Type is FeatureType.Technical or FeatureType.Statistical)
            .Where(p => p.Plugin.AuxiliarySeries(Defaults(p.Plugin)).Count == 0)
            .Select(p => p.Key)
            .Order(StringComparer.Ordinal);

    public static IFeaturePlugin Get(string key) =>
        Registry.TryGet(key, out var plugin) ? plugin.Plugin : throw new InvalidOperationException($"plugin '{key}' is not loaded");

    public static ParameterValues Defaults(IFeaturePlugin plugin) => ParameterValues.Defaults(plugin.Descriptor.Parameters);

    /// <summary>A kernel with default parameters, as the host would create it.</summary>
    public static IFeatureKernel CreateKernel(IFeaturePlugin plugin) => plugin.CreateKernel(new KernelContext
    {
        Parameters = Defaults(plugin),
        Symbol = "BENCH",
        Timeframe = "1m",
        BarInterval = TimeSpan.FromMinutes(1),
    });

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Features.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Features.sln not found above " + AppContext.BaseDirectory);
    }
}
