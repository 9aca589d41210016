using System.Text.Json;
using Features.Host.Errors;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Features.Host.Storage.Objects;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Generation;

/// <summary>A stored object to record as one feature's dataset: what it was computed from and what the file holds.</summary>
public sealed record DatasetRecord(
    Guid FeatureId,
    PlanRequest Plan,
    string SourceFingerprint,
    string VersionHash,
    string ObjectKey,
    WrittenDataset File,
    bool Regenerate,
    IReadOnlyList<string> Notes);

/// <summary>
/// The dataset rows (DESIGN.md, pipeline step 5): inserted only after the object is in place, unique on (feature,
/// version hash), with lineage (the version of the same feature, symbol, timeframe and range it supersedes). When
/// another host inserted the same hash first, its row wins and is returned; its object is byte-identical to ours.
/// </summary>
public sealed class DatasetRecorder(IDbContextFactory<FeaturesDbContext> contexts, IObjectStore objects)
{
    public async Task<FeatureDataset?> FindAsync(Guid featureId, string versionHash, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await CacheQueries.For(db).Dataset(db, featureId, versionHash, ct);
    }

    public async Task<GenerationResult> RecordAsync(DatasetRecord record)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var existing = await db.Datasets.SingleOrDefaultAsync(d => d.FeatureId == record.FeatureId && d.VersionHash == record.VersionHash);
        if (existing is not null)
        {
            // Same inputs: the object was rewritten with identical content; refresh what was recorded of it.
            existing.ObjectSha256 = record.File.Sha256;
            existing.SizeBytes = record.File.SizeBytes;
            existing.ObjectKey = record.ObjectKey;
            existing.StorageUri = objects.UriFor(record.ObjectKey);
            await db.SaveChangesAsync();
            return new GenerationResult(existing, !record.Regenerate, record.Notes);
        }

        var dataset = await NewRowAsync(db, record);
        db.Datasets.Add(dataset);
        var feature = await db.Features.SingleOrDefaultAsync(f => f.Id == record.FeatureId)
                      ?? throw ProblemException.NotFound("Feature not found");
        feature.StorageUri ??= objects.UriFor(feature.StoragePrefix);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another instance recorded the same hash first; its object is byte-identical to ours.
            var winner = await FindAsync(record.FeatureId, record.VersionHash, CancellationToken.None);
            if (winner is null) throw;
            return new GenerationResult(winner, true, record.Notes);
        }
        return new GenerationResult(dataset, false, record.Notes);
    }

    private async Task<FeatureDataset> NewRowAsync(FeaturesDbContext db, DatasetRecord record)
    {
        var (plugin, parameters, request) = record.Plan;
        var previous = await db.Datasets.AsNoTracking()
            .Where(d => d.FeatureId == record.FeatureId && d.Symbol == request.Symbol && d.Timeframe == request.Timeframe
                        && d.StartDate == request.StartDate && d.EndDate == request.EndDate)
            .OrderByDescending(d => d.CreatedAt).FirstOrDefaultAsync();
        return new FeatureDataset
        {
            Id = Guid.NewGuid(),
            FeatureId = record.FeatureId,
            VersionHash = record.VersionHash,
            Symbol = request.Symbol,
            Timeframe = request.Timeframe,
            StartDate = request.StartDate,
            EndDate = request.EndDate,
            SourceFingerprint = record.SourceFingerprint,
            PluginKey = plugin.Key,
            PluginVersion = plugin.Version,
            ParametersJson = CanonicalJson.Serialize(parameters.Values),
            ObjectKey = record.ObjectKey,
            StorageUri = objects.UriFor(record.ObjectKey),
            RowCount = record.File.Rows,
            SizeBytes = record.File.SizeBytes,
            ObjectSha256 = record.File.Sha256,
            ColumnsJson = JsonSerializer.Serialize(record.File.Columns),
            PreviewJson = record.File.PreviewJson,
            SupersedesId = previous?.Id,
            CreatedAt = StorageClock.UtcNow,
        };
    }
}
