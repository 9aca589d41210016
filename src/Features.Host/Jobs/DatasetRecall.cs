using Features.Host.Errors;
using Features.Host.Generation;
using Features.Host.MarketData;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Jobs;

/// <summary>A dataset to find without bars: the feature it belongs to and its plan request.</summary>
public sealed record RecallRequest(Guid FeatureId, PlanRequest Plan);

/// <summary>What <see cref="DatasetRecall"/> found for one request: a recorded dataset, nothing (compute it), or why it cannot run.</summary>
public sealed record Recalled(Guid? DatasetId, string? VersionHash, ProblemException? Problem)
{
    public bool Found => DatasetId is not null;
}

/// <summary>
/// The cache path of batch work (feature jobs, training sets): a remembered plan gives each dataset's version hash
/// without reading bars, then a few queries find the recorded datasets. Recorded objects are trusted here; a single
/// generate checks and repairs an object it serves, and a reader verifies what it fetches.
/// </summary>
public sealed class DatasetRecall(GenerationPlanner planner)
{
    // Hashes per query: EF Core sends a list as parameters, and SQLite caps their number.
    private const int QueryBatch = 1_000;

    /// <param name="batch">Plans that find nothing remembered are noted in it, so planning them in a snapshot asks no one again.</param>
    public async Task<Recalled[]> RecallAsync(FeaturesDbContext db, IReadOnlyList<RecallRequest> requests, CancellationToken ct, PlanBatch? batch = null)
    {
        var results = new Recalled[requests.Count];
        var catalog = new RememberingCatalog(new SeriesCatalog(db));
        var known = new List<(int Index, Guid FeatureId, string Hash)>();
        var plans = await planner.RecallAsync(catalog, [.. requests.Select(r => r.Plan)], batch ?? new PlanBatch(), ct);
        for (var i = 0; i < requests.Count; i++)
        {
            if (plans[i].Problem is { } problem) results[i] = new Recalled(null, null, problem);
            else if (plans[i].Plan is { } plan) known.Add((i, requests[i].FeatureId, requests[i].Plan.HashInputs(plan.Fingerprint).VersionHash()));
            else results[i] = new Recalled(null, null, null);
        }
        var recorded = new Dictionary<(Guid, string), Guid>();
        foreach (var part in known.Select(k => (k.FeatureId, k.Hash)).Distinct().Chunk(QueryBatch))
        {
            var featureIds = part.Select(b => b.FeatureId).Distinct().ToList();
            var hashes = part.Select(b => b.Hash).ToList();
            foreach (var d in await db.Datasets.AsNoTracking()
                         .Where(d => featureIds.Contains(d.FeatureId) && hashes.Contains(d.VersionHash))
                         .Select(d => new { d.Id, d.FeatureId, d.VersionHash })
                         .ToListAsync(ct))
            {
                recorded[(d.FeatureId, d.VersionHash)] = d.Id;
            }
        }
        foreach (var (index, featureId, hash) in known)
        {
            results[index] = recorded.TryGetValue((featureId, hash), out var id) ? new Recalled(id, hash, null) : new Recalled(null, null, null);
        }
        return results;
    }
}
