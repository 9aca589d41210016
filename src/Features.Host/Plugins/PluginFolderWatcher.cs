using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Features.Host.Plugins;

/// <summary>
/// Keeps the registry in step with the plugin roots while the host runs: a <see cref="FileSystemWatcher"/> per root
/// for speed, and a periodic rescan that does not trust it. On Linux (inotify) a watcher silently stops reporting
/// anything once a subfolder is moved out and another moved in under the same name (the atomic way to deploy a
/// folder), and its queue can overflow; so the rescan compares every folder with what was loaded from it, reloads
/// what differs, and re-creates the watcher of a root where it finds a change the watcher had not reported.
/// The watcher's <see cref="FileSystemWatcher.Error"/> does the same at once.
/// </summary>
internal sealed class PluginFolderWatcher : IDisposable
{
    /// <summary>A build writes several files: reload once they have been quiet this long.</summary>
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    private readonly PluginRegistry _registry;
    private readonly IReadOnlyList<string> _roots;
    private readonly TimeSpan _rescanInterval;
    private readonly ILogger _logger;
    private readonly object _watchersGate = new();
    private readonly Dictionary<string, RootWatcher> _watchers = new(StringComparer.Ordinal);
    private readonly object _scanGate = new();
    private readonly ConcurrentDictionary<string, PendingReload> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task _rescans = Task.CompletedTask;

    public PluginFolderWatcher(PluginRegistry registry, IReadOnlyList<string> roots, TimeSpan rescanInterval, ILogger logger)
    {
        _registry = registry;
        _roots = [.. roots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r)))];
        _rescanInterval = rescanInterval;
        _logger = logger;
    }

    /// <summary>True until disposed: the rescan loop runs (when it is on) and the roots are watched.</summary>
    public bool Running => !_stopping.IsCancellationRequested;

    /// <summary>Completes when the periodic rescan has stopped (at once when it is off).</summary>
    public Task Rescans => _rescans;

    /// <summary>How many times a root's watcher was re-created (after an error, or after it missed a change).</summary>
    public int Renewals { get; private set; }

    /// <summary>The watcher of a root now (tests raise its error or pause it), or null when the root does not exist.</summary>
    public RootWatcher? WatcherFor(string root)
    {
        lock (_watchersGate) return _watchers.GetValueOrDefault(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)));
    }

    public void Start()
    {
        foreach (var root in _roots)
        {
            EnsureWatcher(root);
            Rescan(root, renewIfMissed: false); // whatever changed while the folders were being loaded
        }
        if (_rescanInterval > TimeSpan.Zero)
        {
            _rescans = Task.Run(RescanPeriodicallyAsync);
        }
    }

    private async Task RescanPeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(_rescanInterval < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : _rescanInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                RescanNow();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One periodic rescan of every root, now (the timer's work; tests call it with the timer off).</summary>
    public void RescanNow()
    {
        foreach (var root in _roots)
        {
            try
            {
                EnsureWatcher(root);
                Rescan(root, renewIfMissed: true);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _logger.LogError(e, "Rescanning plugin root {Root} failed", root);
            }
        }
    }

    /// <summary>
    /// Compares every folder of the root with what the registry loaded from it and schedules a reload for each that
    /// differs. Only stat calls for an unchanged folder; an entry assembly is hashed only when its stamp changed.
    /// </summary>
    private void Rescan(string root, bool renewIfMissed)
    {
        lock (_scanGate)
        {
            if (!Running) return;
            var recorded = _registry.Recorded;
            var folders = new SortedSet<string>(recorded.Keys.Where(f => Path.GetDirectoryName(f) == root), StringComparer.Ordinal);
            if (Directory.Exists(root))
            {
                try
                {
                    folders.UnionWith(Directory.GetDirectories(root).Select(Path.GetFullPath));
                }
                catch (DirectoryNotFoundException)
                {
                }
            }

            var changed = new List<string>();
            foreach (var folder in folders)
            {
                if (_pending.ContainsKey(folder)) continue; // a reload is already on its way
                var now = FolderStamp.Take(folder);
                recorded.TryGetValue(folder, out var loaded);
                if (now is null ? loaded is null : now.Equals(loaded?.Stamp)) continue;
                if (now is not null && loaded is { Stamp: { } stamp, Sha256: { } sha256 } && now.DiffersOnlyInEntry(stamp) && Sha256Of(now.EntryPath) == sha256)
                {
                    _registry.AdoptStamp(folder, stamp, now);
                    continue;
                }
                changed.Add(folder);
            }
            if (changed.Count == 0) return;

            _logger.LogInformation("Rescan of plugin root {Root} found changes the watcher had not reported in {Folders}", root,
                string.Join(", ", changed.Select(Path.GetFileName)));
            foreach (var folder in changed) Schedule(folder, always: false);
            if (renewIfMissed && WatcherFor(root) is not null)
            {
                Renew(root, "it missed a change");
            }
        }
    }

    private static string? Sha256Of(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Starts watching a root that exists and is not watched; stops watching one that is gone.</summary>
    private void EnsureWatcher(string root)
    {
        lock (_watchersGate)
        {
            if (!Running) return;
            var exists = Directory.Exists(root);
            if (_watchers.TryGetValue(root, out var watcher))
            {
                if (exists) return;
                _watchers.Remove(root);
                watcher.Dispose();
                return;
            }
            if (exists) _watchers[root] = CreateWatcher(root);
        }
    }

    private void Renew(string root, string why)
    {
        lock (_watchersGate)
        {
            if (!Running) return;
            if (_watchers.Remove(root, out var old)) old.Dispose();
            if (Directory.Exists(root)) _watchers[root] = CreateWatcher(root);
            Renewals++;
        }
        _logger.LogWarning("Plugin root {Root}: file watcher re-created because {Why}", root, why);
    }

    private RootWatcher CreateWatcher(string root)
    {
        var watcher = new RootWatcher(root);
        FileSystemEventHandler changed = (_, e) => OnFileEvent(root, e.FullPath);
        watcher.Created += changed;
        watcher.Changed += changed;
        watcher.Deleted += changed;
        watcher.Renamed += (_, e) =>
        {
            OnFileEvent(root, e.OldFullPath);
            OnFileEvent(root, e.FullPath);
        };
        watcher.Error += (_, e) => OnWatcherError(root, watcher, e.GetException());
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void OnFileEvent(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || relative == ".")
        {
            return;
        }
        var top = relative.Split(Path.DirectorySeparatorChar)[0];
        Schedule(Path.GetFullPath(Path.Combine(root, top)), always: true);
    }

    /// <summary>Events were lost (a queue overflow) or the watcher broke: a new watcher, and the whole root rescanned.</summary>
    private void OnWatcherError(string root, RootWatcher watcher, Exception error)
    {
        if (WatcherFor(root) != watcher) return; // already replaced
        _logger.LogWarning(error, "Plugin root {Root}: file watcher error", root);
        // Off the watcher's own thread, which the old watcher's disposal stops.
        ThreadPool.QueueUserWorkItem(_ =>
        {
            try
            {
                Renew(root, $"it reported {error.GetType().Name}");
                Rescan(root, renewIfMissed: false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _logger.LogError(e, "Recovering the watcher of plugin root {Root} failed", root);
            }
        });
    }

    /// <summary>
    /// Debounced reload of one folder. A watcher event reloads <paramref name="always"/>; a rescan's only when the folder
    /// still differs from what was loaded by then. The registry's gate keeps two reloads of a folder from overlapping.
    /// </summary>
    private void Schedule(string folder, bool always)
    {
        if (!Running) return;
        var pending = new PendingReload(always);
        _pending.AddOrUpdate(folder, pending, (_, old) =>
        {
            old.Cancel();
            pending.Always |= old.Always;
            return pending;
        });
        _ = Task.Delay(Debounce, pending.Token).ContinueWith(t =>
        {
            if (t.IsCanceled) return;
            try
            {
                if (Running && (pending.Always || !_registry.IsUnchanged(folder))) _registry.ReloadFolder(folder);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Reloading plugin folder {Folder} failed", folder);
            }
            finally
            {
                // Only now: until the reload is recorded, the rescan leaves this folder to it.
                _pending.TryRemove(new KeyValuePair<string, PendingReload>(folder, pending));
            }
        }, TaskScheduler.Default);
    }

    public void Dispose()
    {
        if (!Running) return;
        _stopping.Cancel();
        foreach (var pending in _pending.Values) pending.Cancel();
        lock (_watchersGate)
        {
            foreach (var watcher in _watchers.Values) watcher.Dispose();
            _watchers.Clear();
        }
        // A rescan in progress only stats files and schedules nothing now; wait for it so no timer outlives the host.
        try
        {
            _rescans.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException e)
        {
            _logger.LogError(e, "The plugin rescan loop failed");
        }
    }

    private sealed class PendingReload(bool always)
    {
        private readonly CancellationTokenSource _cancel = new();
        public bool Always { get; set; } = always;
        public CancellationToken Token => _cancel.Token;
        public void Cancel() => _cancel.Cancel();
    }
}

/// <summary>The watcher of one plugin root: every file and folder below it.</summary>
internal sealed class RootWatcher : FileSystemWatcher
{
    public RootWatcher(string root) : base(root)
    {
        IncludeSubdirectories = true;
        NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size;
    }

    /// <summary>Raises <see cref="FileSystemWatcher.Error"/> as the watcher itself does on a queue overflow (tests).</summary>
    public void RaiseError(Exception error) => OnError(new ErrorEventArgs(error));
}
