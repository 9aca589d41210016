using Features.Host.Errors;
using Features.Host.Generation;
using Features.Host.MarketData;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Jobs;

/// <summary>A dataset batch work wants over one symbol's series: the feature and its plan request.</summary>
public sealed record WantedDataset(FeatureDefinition Definition, PlanRequest Plan);

/// <summary>What became of a wanted dataset: recorded (computed now, or found), or the problem a single generate would answer.</summary>
public sealed record ProducedDataset(FeatureDataset? Dataset, bool Cached, ProblemException? Problem);

/// <summary>
/// The datasets of several features over one series and range, as batch work makes them (feature jobs, training sets):
/// one snapshot, each feature planned in it (features reading the same bars share a fingerprint pass), one query for
/// what is already recorded, then ONE kernel pass of <see cref="DatasetProducer"/> for the rest. The datasets are
/// those single generates make (same planner, same producer). A plugin that fails fails only its own datasets: the
/// pass is redone kernel by kernel to find which. Transient failures (database or object store away) propagate.
/// </summary>
public sealed class SymbolProducer(
    IDbContextFactory<FeaturesDbContext> contexts,
    BarStore bars,
    GenerationPlanner planner,
    DatasetCache cache,
    DatasetProducer producer)
{
    /// <summary>Results in the order of <paramref name="wanted"/>, which must all read one series up to one end.</summary>
    public async Task<ProducedDataset[]> ProduceAsync(IReadOnlyList<WantedDataset> wanted, bool regenerate, PlanBatch batch, CancellationToken ct)
    {
        var results = new ProducedDataset[wanted.Count];
        await using var snapshot = await bars.OpenSnapshotAsync(ct);
        var planned = new List<(int Index, PlannedDataset Planned)>();
        for (var i = 0; i < wanted.Count; i++)
        {
            try
            {
                var plan = await planner.PlanAsync(snapshot, wanted[i].Plan, batch, ct);
                planned.Add((i, new PlannedDataset(wanted[i].Definition, wanted[i].Plan, plan, regenerate)));
            }
            catch (Exception e) when (!TransientFailures.IsTransient(e) && e is not OperationCanceledException)
            {
                results[i] = Failed(e);
            }
        }
        await planner.SaveAsync(batch);
        if (!regenerate) planned = await AnswerRecordedAsync(planned, results, ct);
        if (planned.Count == 0) return results;
        try
        {
            var produced = await producer.ProduceAsync(snapshot, [.. planned.Select(p => p.Planned)], ct);
            for (var i = 0; i < planned.Count; i++) results[planned[i].Index] = new ProducedDataset(produced[i].Dataset, produced[i].Cached, null);
        }
        catch (Exception e) when (!TransientFailures.IsTransient(e) && e is not OperationCanceledException && planned.Count > 1)
        {
            // One kernel failed the shared pass; run each alone so only the failing plugin's datasets fail.
            foreach (var (index, dataset) in planned)
            {
                try
                {
                    var produced = await producer.ProduceAsync(snapshot, [dataset], ct);
                    results[index] = new ProducedDataset(produced[0].Dataset, produced[0].Cached, null);
                }
                catch (Exception single) when (!TransientFailures.IsTransient(single) && single is not OperationCanceledException)
                {
                    results[index] = Failed(single);
                }
            }
        }
        catch (Exception e) when (!TransientFailures.IsTransient(e) && e is not OperationCanceledException)
        {
            results[planned[0].Index] = Failed(e);
        }
        return results;
    }

    /// <summary>
    /// Planned datasets already recorded (another host, or facts forgotten): one query finds them; each hit is served as a
    /// single generate would serve it, and a damaged object is recomputed. Returns the datasets still to compute.
    /// </summary>
    private async Task<List<(int Index, PlannedDataset Planned)>> AnswerRecordedAsync(List<(int Index, PlannedDataset Planned)> planned,
        ProducedDataset[] results, CancellationToken ct)
    {
        if (planned.Count == 0) return planned;
        var featureIds = planned.Select(p => p.Planned.Definition.Id).Distinct().ToList();
        var hashes = planned.Select(p => p.Planned.VersionHash).Distinct().ToList();
        Dictionary<(Guid, string), FeatureDataset> recorded;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            if (!await AnyRecordedAsync(db, featureIds, hashes, ct)) return planned;
            recorded = (await db.Datasets.AsNoTracking()
                    .Where(d => featureIds.Contains(d.FeatureId) && hashes.Contains(d.VersionHash))
                    .ToListAsync(ct))
                .ToDictionary(d => (d.FeatureId, d.VersionHash));
        }
        if (recorded.Count == 0) return planned;
        var rest = new List<(int Index, PlannedDataset Planned)>();
        foreach (var (index, dataset) in planned)
        {
            if (!recorded.TryGetValue((dataset.Definition.Id, dataset.VersionHash), out var row))
            {
                rest.Add((index, dataset));
                continue;
            }
            var (hit, repairNote) = await cache.CheckAsync(row, ct);
            if (repairNote is null) results[index] = new ProducedDataset(hit, true, null);
            else rest.Add((index, dataset with { Regenerate = true })); // self-repair, as a single generate would
        }
        return rest;
    }

    /// <summary>
    /// Whether any of these datasets is recorded, in plain SQL (<see cref="ModelSql"/>): in a job that computes, the
    /// answer is almost always no, and EF's query pipeline cost more than the query.
    /// </summary>
    private static async Task<bool> AnyRecordedAsync(FeaturesDbContext db, List<Guid> featureIds, List<string> hashes, CancellationToken ct)
    {
        var datasets = ModelSql.For<FeatureDataset>(db);
        await using var command = await ModelSql.CommandAsync(db, ct);
        command.CommandText =
            $"SELECT 1 FROM {datasets.Table} " +
            $"WHERE {datasets.Column(nameof(FeatureDataset.FeatureId))} IN ({datasets.Values(command, nameof(FeatureDataset.FeatureId), featureIds)}) " +
            $"AND {datasets.Column(nameof(FeatureDataset.VersionHash))} IN ({datasets.Values(command, nameof(FeatureDataset.VersionHash), hashes)}) LIMIT 1";
        return await command.ExecuteScalarAsync(ct) is not (null or DBNull);
    }

    internal static ProblemException AsProblem(Exception e) =>
        e as ProblemException ?? new ProblemException(500, "Internal Server Error", $"an unexpected error occurred ({e.GetType().Name}: {e.Message})", null, e);

    private static ProducedDataset Failed(Exception e) => new(null, false, AsProblem(e));
}
