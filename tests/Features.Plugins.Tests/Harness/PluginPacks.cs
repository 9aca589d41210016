using Features.Host.Plugins;
using Features.Plugins.Tests.Reference;
using Features.PluginSdk;
using Microsoft.Extensions.Logging.Abstractions;

namespace Features.Plugins.Tests.Harness;

/// <summary>
/// The built plugin packs, loaded through the host's real registry (never by compile-time reference,
/// which would hide type-identity bugs between the host and the plugin load contexts).
/// </summary>
public static class PluginPacks
{
    private static readonly Lazy<PluginRegistry> Lazy = new(() =>
    {
        var root = Path.Combine(ReferenceData.RepoRoot, "artifacts", "plugins");
        var registry = new PluginRegistry(new PluginsOptions { HotReload = false }, [root], NullLogger<PluginRegistry>.Instance);
        registry.Start();
        return registry;
    });

    public static PluginRegistry Registry => Lazy.Value;

    public static LoadedPlugin Get(string key) =>
        Registry.TryGet(key, out var plugin)
            ? plugin
            : throw new InvalidOperationException($"plugin '{key}' is not loaded; failures: {string.Join("; ", Registry.Failures.Select(f => f.Reason))}");

    public static IEnumerable<string> Keys(FeatureType type) =>
        Registry.All.Where(p => p.Descriptor.Type == type).Select(p => p.Key).Order(StringComparer.Ordinal);
}
