using System.Text.Json;
using Features.Host.Errors;
using Features.Host.Generation;
using Features.Host.MarketData;
using Features.Host.Plugins;
using Features.Host.Storage;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Jobs;

/// <summary>A feature job as submitted: features (a set, or ids), a universe, a timeframe and a range.</summary>
public sealed record FeatureJobSubmission(Guid? FeatureSetId, IReadOnlyList<Guid>? FeatureIds, Universe Universe, string Timeframe, DateTime StartDate, DateTime EndDate, bool Regenerate);

/// <summary>
/// Submits feature jobs after validating everything that can be known up front (DESIGN.md, "Beyond one series"):
/// the features exist and their plugins are deployed, every symbol has bars at the timeframe, the universe is not
/// empty and not larger than <see cref="JobsOptions.MaxItems"/>. A failure is a 422 naming the field; nothing is queued.
/// </summary>
public sealed class FeatureJobs(IDbContextFactory<FeaturesDbContext> contexts, PluginRegistry plugins, JobEngine engine, JobsOptions options, FeatureJobHandler handler)
{
    /// <summary>Reads <c>symbols</c>: a list, <c>{"all": true}</c> or <c>{"prefix": "S0"}</c>.</summary>
    public static Universe ParseUniverse(JsonElement? symbols)
    {
        const string shape = "must be a list of symbols, {\"all\": true} or {\"prefix\": \"S0\"}";
        if (symbols is not { } s || s.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) throw ProblemException.Invalid("symbols", "is required; " + shape);
        if (s.ValueKind == JsonValueKind.Array)
        {
            var list = new List<string>();
            foreach (var e in s.EnumerateArray())
            {
                var symbol = e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                if (!Symbols.IsValid(symbol)) throw ProblemException.Invalid("symbols", $"'{UserText.Shorten(e.ToString())}' is not a valid symbol");
                if (!list.Contains(symbol!)) list.Add(symbol!);
            }
            if (list.Count == 0) throw ProblemException.Invalid("symbols", "is empty: name at least one symbol");
            return new Universe(list, false, null);
        }
        if (s.ValueKind == JsonValueKind.Object)
        {
            var properties = s.EnumerateObject().ToList();
            if (properties.Count == 1 && properties[0].Name == "all" && properties[0].Value.ValueKind == JsonValueKind.True) return new Universe(null, true, null);
            if (properties.Count == 1 && properties[0].Name == "prefix" && properties[0].Value.ValueKind == JsonValueKind.String && properties[0].Value.GetString() is { Length: > 0 } prefix)
            {
                return new Universe(null, false, prefix);
            }
        }
        throw ProblemException.Invalid("symbols", shape);
    }

    public async Task<JobProgress> SubmitAsync(FeatureJobSubmission submission, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (featureIds, featureField) = await FeatureIdsAsync(db, submission, ct);
        await CheckFeaturesAsync(db, featureIds, featureField, ct);
        var symbols = await SymbolsAsync(db, submission.Universe, submission.Timeframe, ct);
        var total = (long)symbols.Count * featureIds.Count;
        if (total > options.MaxItems)
        {
            throw ProblemException.Invalid("symbols", $"the job has {total} items ({symbols.Count} symbols × {featureIds.Count} features), more than the {options.MaxItems} " +
                "one job may hold (Features:Jobs:MaxItems); split the universe");
        }
        var items = new List<JobItem>((int)total);
        for (var s = 0; s < symbols.Count; s++)
        {
            for (var f = 0; f < featureIds.Count; f++)
            {
                items.Add(new JobItem { Seq = items.Count, Chunk = s / options.SymbolsPerChunk, Symbol = symbols[s], FeatureId = featureIds[f], Status = ItemStatus.Pending });
            }
        }
        var request = new FeatureJobRequest(submission.FeatureSetId, [.. featureIds], submission.Universe.Describe(), submission.Timeframe,
            submission.StartDate, submission.EndDate, submission.Regenerate);
        foreach (var answered in await handler.AnswerCachedAsync(request, items, ct))
        {
            var item = items[answered.Seq];
            (item.Status, item.DatasetId, item.VersionHash, item.Cached) = (answered.Status, answered.DatasetId, answered.VersionHash, answered.Cached);
        }
        return await engine.SubmitAsync(FeatureJobRequest.Kind, request.ToJson(), items, ct);
    }

    private static async Task<(IReadOnlyList<Guid> Ids, string Field)> FeatureIdsAsync(FeaturesDbContext db, FeatureJobSubmission submission, CancellationToken ct)
    {
        if (submission.FeatureSetId is { } setId)
        {
            if (submission.FeatureIds is not null) throw ProblemException.Invalid("feature_ids", "give either feature_set_id or feature_ids, not both");
            var set = await db.FeatureSets.AsNoTracking().SingleOrDefaultAsync(s => s.Id == setId, ct)
                      ?? throw ProblemException.Invalid("feature_set_id", $"no feature set {setId}; see GET /api/v1/feature-sets");
            return (set.FeatureIds, "feature_set_id");
        }
        if (submission.FeatureIds is null) throw ProblemException.Invalid("feature_set_id", "give feature_set_id or feature_ids");
        if (submission.FeatureIds.Count == 0) throw ProblemException.Invalid("feature_ids", "is empty: name at least one feature");
        return ([.. submission.FeatureIds.Distinct()], "feature_ids");
    }

    internal async Task CheckFeaturesAsync(FeaturesDbContext db, IReadOnlyList<Guid> ids, string field, CancellationToken ct)
    {
        var definitions = await db.Features.AsNoTracking().Where(f => ids.Contains(f.Id)).ToListAsync(ct);
        var unknown = ids.Except(definitions.Select(d => d.Id)).ToList();
        if (unknown.Count > 0)
        {
            throw ProblemException.Invalid(field, $"unknown feature{(unknown.Count > 1 ? "s" : "")}: {string.Join(", ", unknown.Take(10))}{(unknown.Count > 10 ? ", ..." : "")}");
        }
        foreach (var definition in definitions)
        {
            if (!plugins.TryGet(definition.PluginKey, out var plugin))
            {
                throw ProblemException.Invalid(field, $"feature {definition.Id} ('{definition.Name}') uses plugin '{definition.PluginKey}', which is not deployed now");
            }
            try
            {
                GenerationPlanner.ResolveParameters(plugin, definition.ParametersJson);
            }
            catch (ProblemException e)
            {
                throw ProblemException.Invalid(field, $"feature {definition.Id} ('{definition.Name}'): {e.Detail}");
            }
        }
    }

    internal static async Task<IReadOnlyList<string>> SymbolsAsync(FeaturesDbContext db, Universe universe, string timeframe, CancellationToken ct)
    {
        var query = db.Series.AsNoTracking().Where(s => s.Timeframe == timeframe && s.BarCount > 0);
        if (universe.Symbols is { } listed)
        {
            var found = (await query.Where(s => listed.Contains(s.Symbol)).Select(s => s.Symbol).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            var missing = listed.Where(s => !found.Contains(s)).ToList();
            if (missing.Count > 0)
            {
                throw ProblemException.Invalid("symbols", $"no {timeframe} bars for {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? $" and {missing.Count - 10} more" : "")}; " +
                    "ingest them with POST /api/v1/market-data/{symbol}/{timeframe}");
            }
            return listed;
        }
        if (universe.Prefix is { } prefix) query = query.Where(s => s.Symbol.StartsWith(prefix));
        var symbols = await query.Select(s => s.Symbol).ToListAsync(ct);
        symbols.Sort(StringComparer.Ordinal);
        if (symbols.Count == 0)
        {
            throw ProblemException.Invalid("symbols", universe.All
                ? $"the universe is empty: no symbol has {timeframe} bars; ingest some first"
                : $"the universe is empty: no symbol starting with '{universe.Prefix}' has {timeframe} bars");
        }
        return symbols;
    }
}
