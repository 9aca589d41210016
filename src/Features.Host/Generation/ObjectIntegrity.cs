using Features.Host.Storage.Entities;
using Features.Host.Storage.Objects;

namespace Features.Host.Generation;

/// <summary>
/// The check a cache hit makes before it is served: the object exists with the size recorded at write (a HEAD / stat,
/// not a download). Same-size corruption is caught by the SHA-256 check on download. A damaged object is repaired by
/// recomputing: the inputs are known, so the same hash is written again.
/// </summary>
public sealed class ObjectIntegrity(IObjectStore objects, ILogger<ObjectIntegrity> logger)
{
    /// <summary>What is wrong with the dataset's object, in words for a note ("was missing"), or null when it looks intact.</summary>
    public async Task<string?> CheckAsync(FeatureDataset dataset, CancellationToken ct)
    {
        long? size;
        try
        {
            size = await objects.SizeAsync(dataset.ObjectKey, ct);
        }
        catch (ObjectStoreUnavailableException e)
        {
            // Serving the recorded metadata is still right; the download will retry the store.
            logger.LogWarning("Could not check object {Key}: {Message}", dataset.ObjectKey, e.Message);
            return null;
        }
        if (size is null) return "was missing";
        return size != dataset.SizeBytes ? $"had {size} bytes instead of the {dataset.SizeBytes} recorded at write" : null;
    }

    /// <summary>
    /// The self-repair decision on a cache hit: null to serve <paramref name="cached"/> as it is; otherwise the note
    /// to add, and the caller recomputes and rewrites the object under the same hash.
    /// </summary>
    public async Task<string?> RepairNoteAsync(FeatureDataset cached, CancellationToken ct)
    {
        var damage = await CheckAsync(cached, ct);
        if (damage is null) return null;
        logger.LogWarning("Cached dataset {Hash} of feature {Feature}: {Damage}; recomputing", cached.VersionHash, cached.FeatureId, damage);
        return $"the stored object {cached.StorageUri} {damage}; it was recomputed and rewritten";
    }
}
