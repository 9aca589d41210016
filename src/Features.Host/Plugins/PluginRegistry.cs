using System.Collections.Immutable;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Apache.Arrow;
using Features.PluginSdk;
using McMaster.NETCore.Plugins;

namespace Features.Host.Plugins;

/// <summary>
/// Loads every plugin folder under the configured roots into its own collectible load context and keeps
/// an immutable catalog of what is deployed now. With hot reload on, folder changes swap the catalog;
/// callers that already hold a <see cref="LoadedPlugin"/> finish on it, since the old context is only
/// collected once nothing references it.
/// </summary>
public sealed partial class PluginRegistry : IDisposable
{
    private readonly PluginsOptions _options;
    private readonly IReadOnlyList<string> _roots;
    private readonly ILogger<PluginRegistry> _logger;
    private readonly object _gate = new();
    private readonly Dictionary<string, FolderState> _folders = new(StringComparer.Ordinal);
    private volatile Catalog _catalog = Catalog.Empty;
    private volatile ImmutableDictionary<string, RecordedFolder> _recorded = ImmutableDictionary.Create<string, RecordedFolder>(StringComparer.Ordinal);
    private PluginFolderWatcher? _watcher;
    private bool _disposed;

    public PluginRegistry(PluginsOptions options, IReadOnlyList<string> roots, ILogger<PluginRegistry> logger)
    {
        _options = options;
        _roots = roots;
        _logger = logger;
    }

    /// <summary>Raised after the catalog changed (tests, metrics).</summary>
    public event Action? CatalogChanged;

    public PluginsOptions Options => _options;
    public IReadOnlyList<string> Roots => _roots;
    public IReadOnlyCollection<LoadedPlugin> All => [.. _catalog.Plugins.Values.OrderBy(p => p.Key, StringComparer.Ordinal)];
    public IReadOnlyList<PluginLoadFailure> Failures => _catalog.Failures;

    public bool TryGet(string key, out LoadedPlugin plugin) => _catalog.Plugins.TryGetValue(key, out plugin!);

    /// <summary>The watcher and periodic rescan of the roots (null with hot reload off); tests reach it to break the watcher.</summary>
    internal PluginFolderWatcher? Watcher => _watcher;

    /// <summary>What each folder looked like on disk when it was last loaded (or found unchanged), by full path.</summary>
    internal ImmutableDictionary<string, RecordedFolder> Recorded => _recorded;

    /// <summary>Loads every folder now and, with hot reload on, starts watching and rescanning.</summary>
    public void Start()
    {
        foreach (var root in _roots)
        {
            if (!Directory.Exists(root))
            {
                _logger.LogWarning("Plugin folder {Root} does not exist; no plugins loaded from it", root);
                continue;
            }
            foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            {
                ReloadFolder(folder);
            }
        }
        _logger.LogInformation("Loaded {Count} plugins from {Roots}", All.Count, string.Join(", ", _roots));
        if (_options.HotReload)
        {
            _watcher = new PluginFolderWatcher(this, _roots, TimeSpan.FromSeconds(_options.RescanSeconds), _logger);
            _watcher.Start();
        }
    }

    /// <summary>Loads, replaces or removes the plugins of one folder, according to what is on disk now.</summary>
    public void ReloadFolder(string folder)
    {
        folder = Path.GetFullPath(folder);
        lock (_gate)
        {
            if (_disposed) return;
            _folders.TryGetValue(folder, out var previous);
            _folders.Remove(folder);
            if (Directory.Exists(folder))
            {
                // Stamped before reading: a file still being written when it is read changes the stamp, so the
                // next rescan loads it again instead of leaving a half-copied DLL reported as broken.
                var stamp = FolderStamp.Take(folder);
                _folders[folder] = LoadFolder(folder) with { Stamp = stamp };
            }
            Publish();
            if (previous?.Loader is not null)
            {
                // Unloading starts now; in-flight requests keep the old context alive until they finish.
                previous.Loader.Dispose();
                _logger.LogInformation("Unloaded previous load context of {Folder}", folder);
            }
        }
        CatalogChanged?.Invoke();
    }

    private void Publish()
    {
        var plugins = ImmutableDictionary.CreateBuilder<string, LoadedPlugin>(StringComparer.Ordinal);
        var failures = new List<PluginLoadFailure>();
        foreach (var (folder, state) in _folders.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (state.Failure is not null)
            {
                failures.Add(state.Failure);
                continue;
            }
            foreach (var plugin in state.Plugins)
            {
                if (plugins.TryGetValue(plugin.Key, out var existing))
                {
                    var failure = new PluginLoadFailure(folder,
                        $"plugin key '{plugin.Key}' is already provided by {existing.Folder}; this one was not loaded", DateTimeOffset.UtcNow);
                    _logger.LogError("Plugin {Folder}: {Reason}", folder, failure.Reason);
                    failures.Add(failure);
                    continue;
                }
                plugins[plugin.Key] = plugin;
            }
        }
        _catalog = new Catalog(plugins.ToImmutable(), failures);
        PublishRecorded();
    }

    private void PublishRecorded() =>
        _recorded = _folders.ToImmutableDictionary(f => f.Key, f => new RecordedFolder(f.Value.Stamp, f.Value.Plugins.FirstOrDefault()?.AssemblySha256), StringComparer.Ordinal);

    /// <summary>
    /// Records that a folder now stamped <paramref name="current"/> holds what was loaded under <paramref name="loaded"/>
    /// (its entry assembly was touched or rebuilt to the same bytes), so the rescan stops re-hashing it. No reload.
    /// </summary>
    internal void AdoptStamp(string folder, FolderStamp loaded, FolderStamp current)
    {
        lock (_gate)
        {
            if (_disposed || !_folders.TryGetValue(folder, out var state) || !loaded.Equals(state.Stamp)) return;
            _folders[folder] = state with { Stamp = current };
            PublishRecorded();
        }
    }

    /// <summary>True when the folder on disk is stamped exactly as when it was last loaded (or both are absent).</summary>
    internal bool IsUnchanged(string folder)
    {
        var now = FolderStamp.Take(folder);
        return _recorded.TryGetValue(folder, out var recorded) ? now is not null && now.Equals(recorded.Stamp) : now is null;
    }

    private FolderState LoadFolder(string folder)
    {
        var name = Path.GetFileName(folder);
        var entry = Path.Combine(folder, name + ".dll");
        if (!File.Exists(entry))
        {
            return Fail(folder, $"no entry assembly {name}.dll in the folder (a plugin folder holds <Name>/<Name>.dll)");
        }

        string sha256;
        try
        {
            sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(entry)));
        }
        catch (IOException e)
        {
            return Fail(folder, $"could not read {entry}: {e.Message}");
        }

        if (string.Equals(_options.Trust.Mode, "sha256", StringComparison.OrdinalIgnoreCase) &&
            !_options.Trust.Sha256.Contains(sha256, StringComparer.OrdinalIgnoreCase))
        {
            return Fail(folder, $"untrusted: SHA-256 {sha256} of {name}.dll is not listed in plugins.json trust.sha256");
        }

        PluginLoader? loader = null;
        try
        {
            loader = PluginLoader.CreateFromAssemblyFile(entry, isUnloadable: true,
                sharedTypes: [typeof(IFeaturePlugin), typeof(RecordBatch)],
                config =>
                {
                    // Only the SDK and Arrow (and what they reference) come from the host. Preferring every host
                    // assembly would hand a plugin the host's version of its private dependencies (e.g. the
                    // host's Newtonsoft.Json 13 to a plugin built against 12).
                    config.PreferSharedTypes = false;
                    // Load from bytes so the DLLs are never locked and a build can overwrite them.
                    config.LoadInMemory = true;
                });
            var assembly = loader.LoadDefaultAssembly();

            var sdk = assembly.GetReferencedAssemblies().FirstOrDefault(a => a.Name == typeof(IFeaturePlugin).Assembly.GetName().Name);
            if (sdk?.Version is { } sdkVersion && sdkVersion.Major != SdkInfo.ContractMajorVersion)
            {
                loader.Dispose();
                return Fail(folder, $"built against Features.PluginSdk {sdkVersion}; this host speaks contract version {SdkInfo.ContractMajorVersion}.x");
            }

            var plugins = new List<LoadedPlugin>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var type in ExportedTypes(assembly))
            {
                if (!type.IsClass || type.IsAbstract || !typeof(IFeaturePlugin).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null)
                {
                    continue;
                }
                var plugin = (IFeaturePlugin)Activator.CreateInstance(type)!;
                var problem = DescriptorProblem(plugin.Descriptor);
                if (problem is not null)
                {
                    loader.Dispose();
                    return Fail(folder, $"{type.FullName}: invalid descriptor: {problem}");
                }
                if (!keys.Add(plugin.Descriptor.Key))
                {
                    loader.Dispose();
                    return Fail(folder, $"plugin key '{plugin.Descriptor.Key}' is declared twice in {name}.dll");
                }
                plugins.Add(new LoadedPlugin(plugin, folder, entry, sha256));
            }
            if (plugins.Count == 0)
            {
                loader.Dispose();
                return Fail(folder, $"{name}.dll has no public class implementing IFeaturePlugin with a parameterless constructor");
            }
            _logger.LogInformation("Loaded {Count} plugins from {Folder} ({Sha})", plugins.Count, folder, sha256[..16]);
            return new FolderState(loader, plugins, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            loader?.Dispose();
            // A constructor or descriptor that throws arrives wrapped; the inner error is the one to report.
            while (e is TargetInvocationException { InnerException: { } inner }) e = inner;
            var reason = e is ReflectionTypeLoadException rtle
                ? string.Join("; ", rtle.LoaderExceptions.Where(x => x is not null).Select(x => x!.Message).Distinct())
                : $"{e.GetType().Name}: {e.Message}";
            return Fail(folder, "failed to load: " + reason);
        }
    }

    private static IEnumerable<Type> ExportedTypes(Assembly assembly) => assembly.GetExportedTypes();

    private FolderState Fail(string folder, string reason)
    {
        _logger.LogError("Plugin folder {Folder} not loaded: {Reason}", folder, reason);
        return new FolderState(null, [], new PluginLoadFailure(folder, reason, DateTimeOffset.UtcNow));
    }

    /// <summary>What is wrong with a descriptor, or null; checked before any of the plugin's kernels can run.</summary>
    internal static string? DescriptorProblem(PluginDescriptor d)
    {
        if (d.Key is null || !KeyPattern().IsMatch(d.Key)) return $"key '{d.Key}' must look like 'pack.name' (lowercase letters, digits, underscores)";
        if (string.IsNullOrWhiteSpace(d.Version)) return "version is empty";
        if (d.Outputs.Count == 0) return "declares no output columns";
        var names = new HashSet<string>(StringComparer.Ordinal) { "timestamp" };
        foreach (var column in d.Outputs)
        {
            if (!NamePattern().IsMatch(column.Name ?? "")) return $"output column '{column.Name}' is not a snake_case name";
            if (!names.Add(column.Name!)) return $"output column '{column.Name}' is duplicated or reserved";
        }
        var parameters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in d.Parameters)
        {
            if (!NamePattern().IsMatch(p.Name ?? "")) return $"parameter '{p.Name}' is not a snake_case name";
            if (!parameters.Add(p.Name!)) return $"parameter '{p.Name}' is declared twice";
        }
        if (!ParameterValues.TryResolve(d.Parameters, new Dictionary<string, object?>(), out _, out var errors) &&
            errors.Any(e => !d.Parameters.First(p => p.Name == e.Parameter).Required))
        {
            return "a default is invalid: " + string.Join("; ", errors.Select(e => e.Message));
        }
        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex NamePattern();

    public void Dispose()
    {
        // The watcher first, so no reload starts while the contexts are unloaded; one already running finishes first (the gate).
        _watcher?.Dispose();
        lock (_gate)
        {
            _disposed = true;
            foreach (var state in _folders.Values) state.Loader?.Dispose();
            _folders.Clear();
        }
    }

    private sealed record FolderState(PluginLoader? Loader, IReadOnlyList<LoadedPlugin> Plugins, PluginLoadFailure? Failure)
    {
        public FolderStamp? Stamp { get; init; }
    }

    private sealed record Catalog(ImmutableDictionary<string, LoadedPlugin> Plugins, IReadOnlyList<PluginLoadFailure> Failures)
    {
        public static readonly Catalog Empty = new(ImmutableDictionary<string, LoadedPlugin>.Empty, []);
    }
}

/// <summary>A loaded folder as the rescan compares it: its stamp when loaded, and its entry assembly's SHA-256 if it loaded.</summary>
internal sealed record RecordedFolder(FolderStamp? Stamp, string? Sha256);
