namespace Features.Host.Storage.Objects;

/// <summary>
/// Where dataset objects live. Writes go to a temporary key first and are then promoted to the final
/// key, so a reader never sees a half-written object under a final key.
/// </summary>
public interface IObjectStore
{
    /// <summary>What kind of store this is (<c>local</c>, <c>s3</c>), as <c>/health</c> reports it: no location, no secrets.</summary>
    string ProviderName { get; }

    /// <summary>
    /// Whether this store checks what it stored against the file's MD5 (S3's ETag), so writers should take the MD5 as
    /// they write the file (<see cref="ObjectDigests"/>) rather than have it read back before the upload.
    /// </summary>
    bool ChecksMd5 => false;

    /// <summary>
    /// The largest dataset a writer should keep in memory and hand over as <see cref="ObjectMove.Bytes"/> instead of
    /// writing a local file: worth it for a store that sends objects over the network (no temp file created, read back
    /// and deleted), not for one that moves the local file in. 0: always a file.
    /// </summary>
    int InMemoryUpToBytes => 0;

    /// <summary>Human-readable location of a key, e.g. <c>s3://feature-store/technical.rsi/AAPL/1d/h.parquet</c>.</summary>
    string UriFor(string key);

    /// <summary>
    /// Stores a local file under <paramref name="finalKey"/> so that the key never shows a partial object:
    /// via <paramref name="temporaryKey"/> and a rename where the store needs it, in one atomic PUT on S3.
    /// </summary>
    /// <paramref name="digests"/>, when given, are the file's hashes taken as it was written: the store uses them instead of reading it to hash it.
    Task PutAsync(string localFile, string temporaryKey, string finalKey, CancellationToken ct, ObjectDigests? digests = null);

    /// <summary>
    /// <see cref="PutAsync"/> for a local file the caller no longer needs: a store on the local file system may move it
    /// in instead of copying it. Afterwards the local file may or may not exist.
    /// </summary>
    Task MoveInAsync(string localFile, string temporaryKey, string finalKey, CancellationToken ct, ObjectDigests? digests = null) =>
        PutAsync(localFile, temporaryKey, finalKey, ct, digests);

    /// <summary>
    /// <see cref="MoveInAsync"/> for several files at once (a symbol's datasets), up to <paramref name="parallelism"/> side by side.
    /// A store on a local file system makes them durable together rather than one flush after another.
    /// </summary>
    Task MoveInAllAsync(IReadOnlyList<ObjectMove> moves, int parallelism, CancellationToken ct) =>
        Parallel.ForEachAsync(moves, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (move, token) => await MoveInAsync(move, token));

    /// <summary>One <see cref="ObjectMove"/>: its file, or the bytes a writer kept in memory (written to its file first unless the store takes them as they are).</summary>
    Task MoveInAsync(ObjectMove move, CancellationToken ct)
    {
        move.WriteBytesToLocalFile();
        return MoveInAsync(move.LocalFile, move.TemporaryKey, move.FinalKey, ct, move.Digests);
    }

    /// <summary>Opens an object for reading; throws <see cref="ObjectNotFoundException"/> when it does not exist.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken ct);

    Task<bool> ExistsAsync(string key, CancellationToken ct);

    /// <summary>The stored size in bytes (a HEAD, not a download), or null when the object does not exist.</summary>
    async Task<long?> SizeAsync(string key, CancellationToken ct)
    {
        try
        {
            await using var stream = await OpenReadAsync(key, ct);
            return stream.Length;
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    Task DeleteAsync(string key, CancellationToken ct);

    /// <summary>Objects under a prefix (for clean-up of temporary objects).</summary>
    IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken ct);

    /// <summary>Checks that the store is reachable and writable; returns a problem description or null.</summary>
    Task<string?> CheckAsync(CancellationToken ct);
}

/// <summary>
/// A local file to move in under <see cref="FinalKey"/>, via <see cref="TemporaryKey"/> where the store needs one; or,
/// with <see cref="Bytes"/>, the file's content held in memory (<see cref="IObjectStore.InMemoryUpToBytes"/>), no file existing.
/// </summary>
public sealed record ObjectMove(string LocalFile, string TemporaryKey, string FinalKey, ObjectDigests? Digests = null, ReadOnlyMemory<byte>? Bytes = null)
{
    /// <summary>For a store that takes files: bytes held in memory become <see cref="LocalFile"/> first (nothing to do without them).</summary>
    public void WriteBytesToLocalFile()
    {
        if (Bytes is { } bytes) File.WriteAllBytes(LocalFile, bytes.Span);
    }
}

/// <summary>A file's MD5 (for a store that checks by it, <see cref="IObjectStore.ChecksMd5"/>), lower-case hex, taken as it was written.</summary>
public sealed record ObjectDigests(string Md5);

/// <summary>A listed object.</summary>
public sealed record StoredObject(string Key, DateTime LastModifiedUtc);

/// <summary>The object does not exist.</summary>
public sealed class ObjectNotFoundException(string key) : Exception($"object '{key}' does not exist");

/// <summary>The object store could not be reached or refused the operation.</summary>
public sealed class ObjectStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
