using Features.Host.MarketData;

namespace Features.Host.Generation;

/// <summary>
/// The generate pipeline as the HTTP slices use it (docs/ARCHITECTURE.md): resolve the feature and try the cache
/// without bars; otherwise plan inside a snapshot, try the cache again by hash (repairing a damaged object), and
/// compute once per hash in this process (<see cref="SingleFlight{TKey,TResult}"/>) through the producer.
/// </summary>
public sealed class GenerationService(
    DatasetCache cache,
    BarStore bars,
    GenerationPlanner planner,
    SingleFlight<string, GenerationResult> flights,
    DatasetProducer producer,
    GenerationTelemetry telemetry)
{
    /// <summary>How many times this host ran a kernel (tests use it to prove that identical requests compute once).</summary>
    internal long Computations => producer.Computations;

    public async Task<GenerationResult> GenerateAsync(Guid featureId, GenerationRequest request, bool regenerate, CancellationToken ct)
    {
        using var stage = GenerationTelemetry.StartTrace("generate")
            .Tag("features.feature_id", featureId.ToString()).Tag("features.symbol", request.Symbol).Tag("features.timeframe", request.Timeframe)
            .Tag("features.regenerate", regenerate);
        try
        {
            var result = await AnswerAsync(featureId, request, regenerate, ct);
            stage.Tag("features.cached", result.Cached).Tag("features.version_hash", result.Dataset.VersionHash);
            telemetry.Answered(result.Cached);
            return result;
        }
        catch (Exception e)
        {
            stage.Fail(e);
            throw;
        }
    }

    private async Task<GenerationResult> AnswerAsync(Guid featureId, GenerationRequest request, bool regenerate, CancellationToken ct)
    {
        var (feature, hit) = await cache.ResolveAsync(featureId, request, regenerate, ct);
        if (hit is not null) return hit;

        var snapshot = await bars.OpenSnapshotAsync(ct);
        (PlannedDataset Planned, GenerationResult? Cached) outcome;
        try
        {
            outcome = await PlanAsync(snapshot, feature, regenerate, ct);
        }
        catch
        {
            await snapshot.DisposeAsync();
            throw;
        }
        if (outcome.Cached is not null)
        {
            await snapshot.DisposeAsync();
            return outcome.Cached;
        }

        // The computation owns the snapshot it planned with, so it outlives a caller that gives up.
        var planned = outcome.Planned;
        var key = $"{featureId:N}/{planned.VersionHash}/{(planned.Regenerate ? "r" : "g")}";
        return await flights.RunAsync(key, snapshot, s => ComputeAsync(s, planned), ct);
    }

    /// <summary>The plan inside the snapshot, and the recorded dataset when its hash has one with an intact object.</summary>
    private async Task<(PlannedDataset Planned, GenerationResult? Cached)> PlanAsync(BarSnapshot snapshot, ResolvedFeature feature, bool regenerate, CancellationToken ct)
    {
        var plan = await planner.PlanAsync(snapshot, feature.Plan, ct);
        var planned = new PlannedDataset(feature.Definition, feature.Plan, plan, regenerate);
        if (regenerate) return (planned, null);
        var (cached, repairNote) = await cache.FindAsync(feature.Definition.Id, planned.VersionHash, ct);
        if (cached is null) return (planned, null);
        if (repairNote is null) return (planned, new GenerationResult(cached, true, plan.Notes));
        // Self-repair: the inputs are known, so recompute and rewrite the object under the same hash.
        plan.Notes.Add(repairNote);
        return (planned with { Regenerate = true }, null);
    }

    private async Task<GenerationResult> ComputeAsync(BarSnapshot snapshot, PlannedDataset planned)
    {
        // A request that planned before another one recorded this hash finds the row here, not a second computation.
        if (!planned.Regenerate && await cache.RecordedAsync(planned.Definition.Id, planned.VersionHash) is { } recorded)
        {
            return new GenerationResult(recorded, true, planned.Plan.Notes);
        }
        var results = await producer.ProduceAsync(snapshot, [planned], CancellationToken.None);
        return results[0];
    }
}
