using Features.Host.Errors;
using Features.Host.Generation;
using Features.Host.Plugins;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Jobs;

/// <summary>
/// The work unit of a feature job (docs/ARCHITECTURE.md, "how a batch job will use it"): a chunk of symbols, each item
/// one feature over one symbol. First the whole chunk is answered from the cache where it can (<see cref="DatasetRecall"/>:
/// remembered plans give the hashes, one query finds the recorded datasets); then per symbol one snapshot, the plans, and ONE kernel pass
/// (<see cref="SymbolProducer"/>). The datasets are exactly those single generates make (same planner, same producer),
/// so an item is idempotent and a later single generate is a cache hit. A plugin that fails fails only its own items.
/// </summary>
public sealed class FeatureJobHandler(
    IDbContextFactory<FeaturesDbContext> contexts,
    PluginRegistry plugins,
    SymbolProducer symbols,
    DatasetRecall recall) : IJobHandler
{
    public string Kind => FeatureJobRequest.Kind;

    public async Task RunAsync(JobRecord job, IReadOnlyList<JobItem> items, Func<IReadOnlyList<ItemOutcome>, Task> record, CancellationToken ct)
    {
        var request = FeatureJobRequest.Parse(job.RequestJson);
        var features = await ResolveFeaturesAsync(items.Select(i => i.FeatureId!.Value).Distinct().ToList(), ct);
        var outcomes = new List<ItemOutcome>();
        var toCompute = new List<(JobItem Item, Feature Feature)>();
        foreach (var item in items)
        {
            var feature = features[item.FeatureId!.Value];
            if (feature.Problem is not null) outcomes.Add(ItemOutcome.Failed(item.Seq, feature.Problem));
            else toCompute.Add((item, feature));
        }
        var batch = new PlanBatch();
        if (!request.Regenerate) toCompute = await AnswerFromCacheAsync(request, toCompute, outcomes, batch, ct);
        await record(outcomes);

        foreach (var symbol in toCompute.GroupBy(i => i.Item.Symbol))
        {
            ct.ThrowIfCancellationRequested();
            await record(await ComputeSymbolAsync(request, symbol.Key, [.. symbol], batch, ct));
        }
    }

    /// <summary>
    /// Answers from the cache, at submit, the items whose datasets are recorded (remembered plans give their hashes
    /// without bars; one query per thousand finds the rows), so a job over a materialised universe finishes at once
    /// and only chunks with work left are queued. Items it cannot answer are left out: their chunks decide.
    /// </summary>
    public async Task<IReadOnlyList<ItemOutcome>> AnswerCachedAsync(FeatureJobRequest request, IReadOnlyList<JobItem> items, CancellationToken ct)
    {
        var outcomes = new List<ItemOutcome>();
        if (request.Regenerate || items.Count == 0) return outcomes;
        var features = await ResolveFeaturesAsync(items.Select(i => i.FeatureId!.Value).Distinct().ToList(), ct);
        var runnable = items.Where(i => features[i.FeatureId!.Value].Problem is null).Select(i => (i, features[i.FeatureId!.Value])).ToList();
        if (!await AnyRecordedAsync([.. features.Where(f => f.Value.Problem is null).Select(f => f.Key)], ct)) return outcomes;
        foreach (var part in runnable.Chunk(1000))
        {
            await AnswerFromCacheAsync(request, [.. part], outcomes, new PlanBatch(), ct);
        }
        return [.. outcomes.Where(o => o.Status == ItemStatus.Succeeded)];
    }

    /// <summary>
    /// Whether any dataset of these features is recorded: when none is, nothing can be answered from the cache, and the
    /// recall (a series lookup per symbol and the remembered plans of every item) is skipped. A first job over a universe.
    /// </summary>
    private async Task<bool> AnyRecordedAsync(IReadOnlyList<Guid> featureIds, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Datasets.AnyAsync(d => featureIds.Contains(d.FeatureId), ct);
    }

    /// <summary>A feature of the chunk: its definition with plugin and parameters, or why it cannot run.</summary>
    private sealed record Feature(FeatureDefinition? Definition, LoadedPlugin? Plugin, PluginSdk.ParameterValues? Parameters, ProblemException? Problem)
    {
        public PlanRequest Plan(FeatureJobRequest request, string symbol) =>
            new(Plugin!, Parameters!, new GenerationRequest(symbol, request.Timeframe, request.StartDate, request.EndDate));
    }

    private async Task<Dictionary<Guid, Feature>> ResolveFeaturesAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var definitions = await db.Features.AsNoTracking().Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
        var features = new Dictionary<Guid, Feature>();
        foreach (var id in ids)
        {
            if (!definitions.TryGetValue(id, out var definition))
            {
                features[id] = new Feature(null, null, null, ProblemException.NotFound("Feature not found"));
            }
            else if (!plugins.TryGet(definition.PluginKey, out var plugin))
            {
                features[id] = new Feature(definition, null, null,
                    ProblemException.Invalid("plugin_key", $"plugin '{definition.PluginKey}' is not deployed now; see GET /api/v1/features/plugins/available"));
            }
            else
            {
                try
                {
                    features[id] = new Feature(definition, plugin, GenerationPlanner.ResolveParameters(plugin, definition.ParametersJson), null);
                }
                catch (ProblemException e)
                {
                    features[id] = new Feature(definition, plugin, null, e);
                }
            }
        }
        return features;
    }

    /// <summary>The cache path for the whole chunk (<see cref="DatasetRecall"/>). Returns the items still to compute.</summary>
    private async Task<List<(JobItem Item, Feature Feature)>> AnswerFromCacheAsync(FeatureJobRequest request, List<(JobItem Item, Feature Feature)> items,
        List<ItemOutcome> outcomes, PlanBatch batch, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var found = await recall.RecallAsync(db, [.. items.Select(i => new RecallRequest(i.Feature.Definition!.Id, i.Feature.Plan(request, i.Item.Symbol)))], ct, batch);
        var rest = new List<(JobItem Item, Feature Feature)>();
        for (var i = 0; i < items.Count; i++)
        {
            if (found[i].Problem is { } problem) outcomes.Add(ItemOutcome.Failed(items[i].Item.Seq, problem));
            else if (found[i].Found) outcomes.Add(ItemOutcome.Succeeded(items[i].Item.Seq, found[i].DatasetId!.Value, found[i].VersionHash!, cached: true));
            else rest.Add(items[i]);
        }
        return rest;
    }

    /// <summary>One symbol's items: one snapshot and one kernel pass for all that are not recorded (<see cref="SymbolProducer"/>).</summary>
    private async Task<List<ItemOutcome>> ComputeSymbolAsync(FeatureJobRequest request, string symbol, List<(JobItem Item, Feature Feature)> items,
        PlanBatch batch, CancellationToken ct)
    {
        var produced = await symbols.ProduceAsync([.. items.Select(i => new WantedDataset(i.Feature.Definition!, i.Feature.Plan(request, symbol)))], request.Regenerate, batch, ct);
        return [.. items.Select((item, i) => produced[i] is { Problem: { } problem }
            ? ItemOutcome.Failed(item.Item.Seq, problem)
            : ItemOutcome.Succeeded(item.Item.Seq, produced[i].Dataset!.Id, produced[i].Dataset!.VersionHash, produced[i].Cached))];
    }
}
