using System.Data.Common;
using System.Text.Json;
using Features.Host.Errors;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Features.Host.Storage.Objects;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Generation;

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

    /// <summary>Records the stored object (at <see cref="PlannedDataset.ObjectKey"/>) of a planned dataset, written as <paramref name="file"/>.</summary>
    public async Task<GenerationResult> RecordAsync(PlannedDataset record, WrittenDataset file)
    {
        var featureId = record.Definition.Id;
        var notes = record.Plan.Notes;
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var existing = await db.Datasets.SingleOrDefaultAsync(d => d.FeatureId == featureId && d.VersionHash == record.VersionHash);
        if (existing is not null)
        {
            // Same inputs: the object was rewritten with identical content; refresh what was recorded of it.
            existing.ObjectSha256 = file.Sha256;
            existing.SizeBytes = file.SizeBytes;
            existing.ObjectKey = record.ObjectKey;
            existing.StorageUri = objects.UriFor(record.ObjectKey);
            await db.SaveChangesAsync();
            return new GenerationResult(existing, !record.Regenerate, notes);
        }

        var dataset = await NewRowAsync(db, record, file);
        db.Datasets.Add(dataset);
        var feature = await db.Features.SingleOrDefaultAsync(f => f.Id == featureId)
                      ?? throw ProblemException.NotFound("Feature not found");
        feature.StorageUri ??= objects.UriFor(feature.StoragePrefix);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another instance recorded the same hash first; its object is byte-identical to ours.
            var winner = await FindAsync(featureId, record.VersionHash, CancellationToken.None);
            if (winner is null) throw;
            return new GenerationResult(winner, true, notes);
        }
        return new GenerationResult(dataset, false, notes);
    }

    /// <summary>
    /// Records several stored objects of one series and range (a job's symbol) in one transaction: one query for their
    /// lineage, one insert. Anything unusual (a row already there, another host first) goes the one-by-one way.
    /// </summary>
    public async Task<IReadOnlyList<GenerationResult>> RecordAsync(IReadOnlyList<(PlannedDataset Record, WrittenDataset File)> stored)
    {
        if (stored.Count == 1) return [await RecordAsync(stored[0].Record, stored[0].File)];
        var request = stored[0].Record.Request.Request;
        var featureIds = stored.Select(s => s.Record.Definition.Id).Distinct().ToList();
        var hashes = stored.Select(s => s.Record.VersionHash).ToList();
        await using (var db = await contexts.CreateDbContextAsync(CancellationToken.None))
        {
            // Batch work has just looked for these rows (SymbolProducer) unless it regenerates; a row another host inserted
            // since then fails the insert on the unique constraint, which goes the one-by-one way like this check would.
            var existing = stored.Any(s => s.Record.Regenerate)
                           && await db.Datasets.AsNoTracking().AnyAsync(d => featureIds.Contains(d.FeatureId) && hashes.Contains(d.VersionHash));
            var sameRange = stored.All(s => s.Record.Request.Request is var r && r.Symbol == request.Symbol && r.Timeframe == request.Timeframe
                                                                              && r.StartDate == request.StartDate && r.EndDate == request.EndDate);
            if (!existing && sameRange && await TryRecordAllAsync(db, stored, featureIds, request) is { } recorded) return recorded;
        }
        var results = new List<GenerationResult>(stored.Count);
        foreach (var (record, file) in stored) results.Add(await RecordAsync(record, file));
        return results;
    }

    private async Task<IReadOnlyList<GenerationResult>?> TryRecordAllAsync(FeaturesDbContext db, IReadOnlyList<(PlannedDataset Record, WrittenDataset File)> stored,
        List<Guid> featureIds, GenerationRequest request)
    {
        var latest = await LatestAsync(db, featureIds, request);
        var rows = stored.Select(s => NewRow(s.Record, s.File, latest.TryGetValue(s.Record.Definition.Id, out var previous) ? previous : null)).ToList();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            // A feature's storage URI is set by its first dataset; after that the row is not read again. A feature deleted
            // meanwhile fails the insert on its foreign key, and the one-by-one way answers 404 as before.
            if (stored.Any(s => s.Record.Definition.StorageUri is null))
            {
                var features = await db.Features.Where(f => featureIds.Contains(f.Id)).ToListAsync();
                if (features.Count != featureIds.Count) return null;
                foreach (var feature in features) feature.StorageUri ??= objects.UriFor(feature.StoragePrefix);
                await db.SaveChangesAsync();
            }
            await RowInsert.InsertAsync(db, rows, CancellationToken.None);
            await transaction.CommitAsync();
        }
        catch (Exception e) when (e is DbException or DbUpdateException)
        {
            return null; // another host recorded one of them first: the one-by-one way finds its row (or meets the outage again)
        }
        return [.. rows.Select((row, i) => new GenerationResult(row, false, stored[i].Record.Plan.Notes))];
    }

    /// <summary>The newest dataset of each feature over the request's series and range (what a new row supersedes), by feature.</summary>
    private static async Task<Dictionary<Guid, Guid>> LatestAsync(FeaturesDbContext db, List<Guid> featureIds, GenerationRequest request)
    {
        var datasets = ModelSql.For<FeatureDataset>(db);
        await using var command = await ModelSql.CommandAsync(db, CancellationToken.None);
        string Is(string property, object value) => $"{datasets.Column(property)} = {datasets.Value(command, property, value)}";
        var featureId = datasets.Column(nameof(FeatureDataset.FeatureId));
        command.CommandText =
            $"SELECT {featureId}, {datasets.Column(nameof(FeatureDataset.Id))} FROM {datasets.Table} " +
            $"WHERE {featureId} IN ({datasets.Values(command, nameof(FeatureDataset.FeatureId), featureIds)}) " +
            $"AND {Is(nameof(FeatureDataset.Symbol), request.Symbol)} AND {Is(nameof(FeatureDataset.Timeframe), request.Timeframe)} " +
            $"AND {Is(nameof(FeatureDataset.StartDate), request.StartDate)} AND {Is(nameof(FeatureDataset.EndDate), request.EndDate)} " +
            $"ORDER BY {datasets.Column(nameof(FeatureDataset.CreatedAt))} DESC";
        var latest = new Dictionary<Guid, Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) latest.TryAdd(reader.GetFieldValue<Guid>(0), reader.GetFieldValue<Guid>(1));
        return latest;
    }

    private async Task<FeatureDataset> NewRowAsync(FeaturesDbContext db, PlannedDataset record, WrittenDataset file)
    {
        var featureId = record.Definition.Id;
        var request = record.Request.Request;
        var previous = await db.Datasets.AsNoTracking()
            .Where(d => d.FeatureId == featureId && d.Symbol == request.Symbol && d.Timeframe == request.Timeframe
                        && d.StartDate == request.StartDate && d.EndDate == request.EndDate)
            .OrderByDescending(d => d.CreatedAt).FirstOrDefaultAsync();
        return NewRow(record, file, previous?.Id);
    }

    private FeatureDataset NewRow(PlannedDataset record, WrittenDataset file, Guid? supersedes)
    {
        var featureId = record.Definition.Id;
        var (plugin, parameters, request) = record.Request;
        return new FeatureDataset
        {
            // Time-ordered (UUIDv7): a job's rows land at the end of the id index instead of on a random page each,
            // which took 85 MB and 47,000 write calls off the universe job's database writes (docs/BENCHMARKS.md).
            Id = Guid.CreateVersion7(),
            FeatureId = featureId,
            VersionHash = record.VersionHash,
            Symbol = request.Symbol,
            Timeframe = request.Timeframe,
            StartDate = request.StartDate,
            EndDate = request.EndDate,
            SourceFingerprint = record.Plan.Fingerprint,
            PluginKey = plugin.Key,
            PluginVersion = plugin.Version,
            ParametersJson = CanonicalJson.Serialize(parameters.Values),
            ObjectKey = record.ObjectKey,
            StorageUri = objects.UriFor(record.ObjectKey),
            RowCount = file.Rows,
            SizeBytes = file.SizeBytes,
            ObjectSha256 = file.Sha256,
            ColumnsJson = JsonSerializer.Serialize(file.Columns),
            PreviewJson = file.PreviewJson,
            SupersedesId = supersedes,
            CreatedAt = StorageClock.UtcNow,
        };
    }
}
