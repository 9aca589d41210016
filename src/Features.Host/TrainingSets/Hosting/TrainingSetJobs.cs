using System.Text.Json;
using Features.Host.Errors;
using Features.Host.Jobs;
using Features.Host.Storage;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.TrainingSets.Hosting;

/// <summary>A training set as submitted: members (a feature set, or a list), universe, grid, range, label, processors, splits.</summary>
public sealed record TrainingSetSubmission(Guid? FeatureSetId, IReadOnlyList<TrainingSetMember>? Members, Universe Universe, string Timeframe,
    DateTime StartDate, DateTime EndDate, JsonElement? Label, JsonElement? Processors, JsonElement? Splits, bool DropIncompleteLabels);

/// <summary>
/// Submits training sets as one-item jobs of kind <see cref="TrainingSetRequest.Kind"/>, after checking everything that can
/// be known up front (label, processors, splits, features, universe, column names): a failure is a 422 naming the field
/// and nothing is queued.
/// </summary>
public sealed class TrainingSetJobs(IDbContextFactory<FeaturesDbContext> contexts, FeatureJobs featureJobs, JobEngine engine)
{
    public async Task<JobProgress> SubmitAsync(TrainingSetSubmission submission, CancellationToken ct)
    {
        var options = TrainingSetOptionsParser.Parse(submission.Label, submission.Processors, submission.Splits);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (members, field) = await MembersAsync(db, submission.FeatureSetId, submission.Members, submission.Timeframe, ct);
        await featureJobs.CheckFeaturesAsync(db, [.. members.Select(m => m.FeatureId).Distinct()], field, ct);
        if (options.Label is FeatureLabel label)
        {
            if (!Guid.TryParse(label.FeatureId, out var labelFeature) || !await db.Features.AnyAsync(f => f.Id == labelFeature, ct))
            {
                throw ProblemException.Invalid("label.feature_id", $"unknown feature '{label.FeatureId}'");
            }
        }
        var names = await db.Features.AsNoTracking().Where(f => members.Select(m => m.FeatureId).Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
        var named = members.Where(m => m.Columns is not null).SelectMany(m => m.Columns!.Select(c => (m.Alias ?? names[m.FeatureId], c)));
        ColumnNaming.Assign(named, field);
        // Rows are ordered by timestamp, then symbol in ordinal order (docs/TRAINING_SETS.md, "Row grid").
        var symbols = (await FeatureJobs.SymbolsAsync(db, submission.Universe, submission.Timeframe, ct)).Order(StringComparer.Ordinal).ToList();
        await CheckMemberTimeframesAsync(db, members, submission.Timeframe, symbols, ct);
        var request = new TrainingSetRequest([.. members], [.. symbols], submission.Timeframe, submission.StartDate, submission.EndDate,
            submission.Label, submission.Processors, submission.Splits, submission.DropIncompleteLabels);
        // One item: the set is built in one pass over the universe; its member datasets come from the generate pipeline.
        var item = new JobItem { Seq = 0, Chunk = 0, Symbol = symbols[0], Status = ItemStatus.Pending };
        return await engine.SubmitAsync(TrainingSetRequest.Kind, request.ToJson(), [item], ct);
    }

    /// <summary>A member on another timeframe than the grid is computed from that timeframe's bars: every symbol needs them.</summary>
    private static async Task CheckMemberTimeframesAsync(FeaturesDbContext db, IReadOnlyList<TrainingSetMember> members, string grid, IReadOnlyList<string> symbols, CancellationToken ct)
    {
        for (var i = 0; i < members.Count; i++)
        {
            var timeframe = members[i].Timeframe;
            if (timeframe == grid || members.Take(i).Any(m => m.Timeframe == timeframe)) continue;
            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (var batch in symbols.Chunk(1_000))
            {
                found.UnionWith(await db.Series.AsNoTracking().Where(s => s.Timeframe == timeframe && s.BarCount > 0 && batch.Contains(s.Symbol)).Select(s => s.Symbol).ToListAsync(ct));
            }
            var missing = symbols.Where(s => !found.Contains(s)).ToList();
            if (missing.Count > 0)
            {
                throw ProblemException.Invalid($"features[{i}].timeframe", $"the feature cannot be computed on {timeframe}: no {timeframe} bars for " +
                    $"{string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? $" and {missing.Count - 10} more" : "")}; ingest them or join it on the grid's {grid}");
            }
        }
    }

    /// <summary>The members a request names (a feature set on the grid's timeframe, or its list) and the field to blame for them.</summary>
    internal static async Task<(IReadOnlyList<TrainingSetMember> Members, string Field)> MembersAsync(FeaturesDbContext db, Guid? featureSetId,
        IReadOnlyList<TrainingSetMember>? listed, string timeframe, CancellationToken ct)
    {
        if (featureSetId is { } setId)
        {
            if (listed is not null) throw ProblemException.Invalid("features", "give either feature_set_id or features, not both");
            var set = await db.FeatureSets.AsNoTracking().SingleOrDefaultAsync(s => s.Id == setId, ct)
                      ?? throw ProblemException.Invalid("feature_set_id", $"no feature set {setId}; see GET /api/v1/feature-sets");
            return ([.. set.FeatureIds.Select(id => new TrainingSetMember(id, null, null, timeframe, 0, null))], "feature_set_id");
        }
        if (listed is not { Count: > 0 } members) throw ProblemException.Invalid("features", "name at least one feature (or give feature_set_id)");
        return (members, "features");
    }

    /// <summary>A training-set job and its one item (whose version hash is the content hash once built); 404 for any other job.</summary>
    public async Task<(JobProgress Job, JobItem Item)> GetAsync(Guid id, CancellationToken ct)
    {
        var job = await engine.FindAsync(id, ct);
        if (job is null || job.Job.Kind != TrainingSetRequest.Kind) throw ProblemException.NotFound("Training set not found");
        await using var db = await contexts.CreateDbContextAsync(ct);
        return (job, await db.JobItems.AsNoTracking().SingleAsync(i => i.JobId == id && i.Seq == 0, ct));
    }

    /// <summary>The content hash of a built set; 409 while it is being built or when it failed.</summary>
    public async Task<string> BuiltHashAsync(Guid id, CancellationToken ct)
    {
        var (job, item) = await GetAsync(id, ct);
        if (item.Status != ItemStatus.Succeeded || item.VersionHash is null)
        {
            throw ProblemException.Conflict($"training set {id} is {job.Job.Status}; its data is there once it has succeeded");
        }
        return item.VersionHash;
    }
}
