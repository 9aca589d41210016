using Features.Host.Errors;
using Features.Host.MarketData;
using Features.Host.Plugins;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Generation;

/// <summary>A feature resolved for one request: its definition, and its deployed plugin with the parameters validated.</summary>
public sealed record ResolvedFeature(FeatureDefinition Definition, PlanRequest Plan);

/// <summary>A recorded dataset for a hash, or none; when its object is damaged, the note to add while it is recomputed.</summary>
public sealed record CacheLookup(FeatureDataset? Hit, string? RepairNote);

/// <summary>
/// Whether a generate can be answered from what is recorded (DESIGN.md, pipeline step 3). The first look needs no
/// snapshot: when the plan over the series' current revision is remembered, the hash is known, and a recorded dataset
/// whose object is intact is answered from one context, with no bar read.
/// </summary>
public sealed class DatasetCache(
    IDbContextFactory<FeaturesDbContext> contexts,
    PluginRegistry plugins,
    GenerationPlanner planner,
    DatasetRecorder recorder,
    ObjectIntegrity integrity)
{
    /// <summary>Resolves the feature; unless <paramref name="regenerate"/>, answers it from the cache when it can without bars.</summary>
    public async Task<(ResolvedFeature Feature, GenerationResult? Hit)> ResolveAsync(Guid featureId, GenerationRequest request, bool regenerate, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var definition = await CacheQueries.For(db).Feature(db, featureId, ct) ?? throw ProblemException.NotFound("Feature not found");
        if (!plugins.TryGet(definition.PluginKey, out var plugin))
        {
            throw ProblemException.Invalid("plugin_key", $"plugin '{definition.PluginKey}' is not deployed now; see GET /api/v1/features/plugins/available");
        }
        var feature = new ResolvedFeature(definition, new PlanRequest(plugin, GenerationPlanner.ResolveParameters(plugin, definition.ParametersJson), request));
        if (regenerate || await planner.RecallAsync(new SeriesCatalog(db), feature.Plan, ct) is not { } known) return (feature, null);

        var hash = feature.Plan.HashInputs(known.Fingerprint).VersionHash();
        if (await CacheQueries.For(db).Dataset(db, featureId, hash, ct) is { } hit && await integrity.CheckAsync(hit, ct) is null)
        {
            return (feature, new GenerationResult(hit, true, known.Notes));
        }
        // Missing or damaged: the caller plans again inside a snapshot and computes.
        return (feature, null);
    }

    /// <summary>The recorded dataset of a hash planned inside a snapshot, and whether its object needs repair.</summary>
    public async Task<CacheLookup> FindAsync(Guid featureId, string versionHash, CancellationToken ct)
    {
        var cached = await recorder.FindAsync(featureId, versionHash, ct);
        return cached is null ? new CacheLookup(null, null) : new CacheLookup(cached, await integrity.RepairNoteAsync(cached, ct));
    }

    /// <summary>A recorded row already read (batch work finds many in one query): the same check <see cref="FindAsync"/> makes.</summary>
    public async Task<CacheLookup> CheckAsync(FeatureDataset recorded, CancellationToken ct) =>
        new(recorded, await integrity.RepairNoteAsync(recorded, ct));

    /// <summary>The recorded dataset of a hash, as it is now (inside a computation: another one may just have recorded it).</summary>
    public Task<FeatureDataset?> RecordedAsync(Guid featureId, string versionHash) => recorder.FindAsync(featureId, versionHash, CancellationToken.None);
}
