using System.Runtime.CompilerServices;

namespace Features.Host.Storage.Objects;

/// <summary>Objects as files under one folder (the embedded default). Promotion is an atomic rename.</summary>
public sealed class LocalObjectStore : IObjectStore
{
    private readonly string _root;

    public LocalObjectStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public string Root => _root;

    public string ProviderName => "local";

    public string UriFor(string key) => key.Length == 0 ? new Uri(_root + Path.DirectorySeparatorChar).AbsoluteUri : new Uri(PathFor(key)).AbsoluteUri;

    private string PathFor(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_root, key));
        // Keys are validated upstream; this is the last line against escaping the folder.
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"object key '{key}' leaves the object folder", nameof(key));
        }
        return path;
    }

    public async Task PutAsync(string localFile, string temporaryKey, string finalKey, CancellationToken ct, ObjectDigests? digests = null)
    {
        var temporary = PathFor(temporaryKey);
        var final = PathFor(finalKey);
        Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        await using (var source = File.OpenRead(localFile))
        await using (var target = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await source.CopyToAsync(target, ct);
            await target.FlushAsync(ct);
            target.Flush(flushToDisk: true);
        }
        File.Move(temporary, final, overwrite: true);
    }

    /// <summary>A rename instead of a copy (the temp folder is usually on the same file system): flushed, then promoted by a rename.</summary>
    public Task MoveInAsync(string localFile, string temporaryKey, string finalKey, CancellationToken ct, ObjectDigests? digests = null) =>
        MoveInAllAsync([new ObjectMove(localFile, temporaryKey, finalKey)], 1, ct);

    /// <summary>
    /// A symbol's objects: all moved onto temporary keys, made durable together (<see cref="FileFlush"/>), then each
    /// promoted by a rename. One pass of flushes instead of a flush, a journal commit and a wait per object.
    /// </summary>
    public Task MoveInAllAsync(IReadOnlyList<ObjectMove> moves, int parallelism, CancellationToken ct)
    {
        var staged = new (string Temporary, string Final)[moves.Count];
        for (var i = 0; i < moves.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var (localFile, temporary, final) = (moves[i].LocalFile, PathFor(moves[i].TemporaryKey), PathFor(moves[i].FinalKey));
            staged[i] = (temporary, final);
            // This store asks for files (InMemoryUpToBytes is 0); bytes handed over anyway become the file first.
            moves[i].WriteBytesToLocalFile();
            // A rename on one file system; across file systems .NET copies, which is why it lands on the temporary key first.
            InFolders(() => File.Move(localFile, temporary, overwrite: true), temporary, final);
        }
        FileFlush.ToDisk([.. staged.Select(s => s.Temporary)]);
        foreach (var (temporary, final) in staged) InFolders(() => File.Move(temporary, final, overwrite: true), final);
        return Task.CompletedTask;
    }

    /// <summary>Runs a move once the folders of <paramref name="paths"/> exist, creating them again if one was removed under us.</summary>
    private void InFolders(Action move, params string[] paths)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                foreach (var path in paths) EnsureFolder(Path.GetDirectoryName(path)!);
                move();
                return;
            }
            catch (DirectoryNotFoundException) when (attempt == 0)
            {
                _folders.Clear(); // a folder known to exist was removed: forget what we knew and create it again
            }
        }
    }

    // Folders this store created or found: a job writes thousands of objects into a few hundred folders.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _folders = new(StringComparer.Ordinal);

    private void EnsureFolder(string folder)
    {
        if (_folders.ContainsKey(folder)) return;
        Directory.CreateDirectory(folder);
        _folders.TryAdd(folder, true);
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = PathFor(key);
        if (!File.Exists(path)) throw new ObjectNotFoundException(key);
        return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan));
    }

    public Task<bool> ExistsAsync(string key, CancellationToken ct) => Task.FromResult(File.Exists(PathFor(key)));

    public Task<long?> SizeAsync(string key, CancellationToken ct)
    {
        var file = new FileInfo(PathFor(key));
        return Task.FromResult<long?>(file.Exists ? file.Length : null);
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        var path = PathFor(key);
        if (File.Exists(path)) File.Delete(path);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        if (!Directory.Exists(_root)) yield break;
        foreach (var file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            var key = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal)) yield return new StoredObject(key, File.GetLastWriteTimeUtc(file));
        }
    }

    public Task<string?> CheckAsync(CancellationToken ct)
    {
        try
        {
            Directory.CreateDirectory(_root);
            var probe = Path.Combine(_root, ".health-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
            return Task.FromResult<string?>(null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult<string?>($"object folder {_root} is not writable: {e.Message}");
        }
    }
}
