using System.Collections.Concurrent;
using Features.Host.Errors;
using Features.Host.Generation;
using Features.Host.Jobs;
using Features.Host.MarketData;
using Features.Host.Plugins;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Features.Host.TrainingSets.Hosting;
using Features.PluginSdk;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.TrainingSets.Snapshots;

/// <summary>A snapshot as asked: members (a feature set, or a list), universe, grid timeframe, the instant, the layout.</summary>
public sealed record SnapshotQuery(Guid? FeatureSetId, IReadOnlyList<TrainingSetMember>? Members, Universe Universe, string Timeframe, DateTime AsOf, bool Wide);

/// <summary>One symbol's vector: the stamp of the latest bar used (null when no member had one) and a value per column (NaN for null).</summary>
public sealed record SnapshotRow(string Symbol, long? Timestamp, double[] Values);

/// <summary>The answer: columns in member order, a row per symbol (ordinal order), the datasets read and how many were computed for it.</summary>
public sealed record SnapshotResult(DateTime AsOf, string Timeframe, IReadOnlyList<string> Columns, IReadOnlyList<SnapshotRow> Rows,
    IReadOnlyList<string> DatasetHashes, int Computed);

/// <summary>
/// The point-in-time snapshot (docs/TRAINING_SETS.md, "Snapshot"): for every symbol and member column, the value of the
/// member's latest bar closed at or before <c>as_of</c> (with <c>lag</c> and <c>max_staleness</c> as in a training set),
/// read from the member's dataset over <see cref="SnapshotWindow"/>. When everything is materialised it reads no bar
/// and opens no file: the version hashes come from remembered plans (in memory after the first time), the values from
/// <see cref="DatasetValuesIndex"/>. What is not held is found in one query; what is not recorded is computed through
/// the generate pipeline, so it is the dataset a single generate of that range makes.
/// </summary>
public sealed class SnapshotService(
    IDbContextFactory<FeaturesDbContext> contexts,
    FeatureJobs featureJobs,
    PluginRegistry plugins,
    GenerationPlanner planner,
    GenerationService generation,
    DatasetValuesIndex values)
{
    // Version hash by a key that fixes every input of a self-contained plugin (no auxiliary or event inputs): the
    // definition, the plugin build, the series at its revision and the window. A revised series gets a new key.
    private readonly ConcurrentDictionary<string, string> _hashes = new(StringComparer.Ordinal);

    private sealed record Member(TrainingSetMember Request, FeatureDefinition Definition, LoadedPlugin Plugin, ParameterValues Parameters,
        IReadOnlyList<string> Columns, AsOfRule Rule, DateTime Start, DateTime End, bool SelfContained);

    public async Task<SnapshotResult> TakeAsync(SnapshotQuery query, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (requested, field) = await TrainingSetJobs.MembersAsync(db, query.FeatureSetId, query.Members, query.Timeframe, ct);
        var ids = requested.Select(m => m.FeatureId).Distinct().ToList();
        await featureJobs.CheckFeaturesAsync(db, ids, field, ct);
        var definitions = await db.Features.AsNoTracking().Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
        var members = requested.Select((m, i) => Resolve(m, definitions[m.FeatureId], query.AsOf, $"{field}[{i}]")).ToList();
        var columns = ColumnNaming.Assign(members.SelectMany(m => m.Columns.Select(c => (m.Request.Alias ?? m.Definition.Name, c))), field);
        var symbols = (await FeatureJobs.SymbolsAsync(db, query.Universe, query.Timeframe, ct)).Order(StringComparer.Ordinal).ToList();
        if (query.Wide) WideLayout.CheckCells(symbols.Count, columns.Count);

        var timeframes = members.Select(m => m.Request.Timeframe).Distinct().ToList();
        var series = (await db.Series.AsNoTracking().Where(s => timeframes.Contains(s.Timeframe) && symbols.Contains(s.Symbol)).ToListAsync(ct))
            .ToDictionary(s => (s.Symbol, s.Timeframe));

        // Each (symbol, member) pair: its dataset's values, or null when its series has no bars in the window.
        var found = new DatasetValues?[symbols.Count, members.Count];
        var hashes = new string?[symbols.Count, members.Count];
        var toFind = new List<(int S, int M, string Hash)>();
        var toCompute = new List<(int S, int M)>();
        var catalog = new PreloadedCatalog(new SeriesCatalog(db), series);
        for (var s = 0; s < symbols.Count; s++)
        {
            for (var m = 0; m < members.Count; m++)
            {
                var member = members[m];
                if (!series.TryGetValue((symbols[s], member.Request.Timeframe), out var own) || !HasBarsIn(own, member)) continue;
                var hash = await HashAsync(catalog, member, own, symbols[s], ct);
                if (hash is null) toCompute.Add((s, m));
                else if (values.TryGet(hash, out var held)) (found[s, m], hashes[s, m]) = (held, hash);
                else toFind.Add((s, m, hash));
            }
        }

        if (toFind.Count > 0)
        {
            var wanted = toFind.Select(f => f.Hash).Distinct().ToList();
            var recorded = (await db.Datasets.AsNoTracking().Where(d => wanted.Contains(d.VersionHash)).ToListAsync(ct))
                .GroupBy(d => d.VersionHash).ToDictionary(g => g.Key, g => g.First());
            await ForEachAsync(toFind.GroupBy(f => f.Hash), async (sharing, token) =>
            {
                if (!recorded.TryGetValue(sharing.Key, out var dataset))
                {
                    lock (toCompute) toCompute.AddRange(sharing.Select(f => (f.S, f.M)));
                    return;
                }
                var held = await values.LoadAsync(dataset, token);
                foreach (var f in sharing) (found[f.S, f.M], hashes[f.S, f.M]) = (held, f.Hash);
            }, ct);
        }

        // Members of the same feature and timeframe share one dataset per symbol: generate it once.
        var computed = 0;
        await ForEachAsync(toCompute.GroupBy(p => (p.S, members[p.M].Definition.Id, members[p.M].Request.Timeframe)), async (sharing, token) =>
        {
            var member = members[sharing.First().M];
            var request = new GenerationRequest(symbols[sharing.Key.S], member.Request.Timeframe, member.Start, member.End);
            GenerationResult result;
            try
            {
                result = await generation.GenerateAsync(member.Definition.Id, request, false, token);
            }
            catch (ProblemException e) when (NoBarsInWindow(e))
            {
                return; // a gap covering the whole window: nothing was known, the values stay null
            }
            var held = await values.LoadAsync(result.Dataset, token);
            foreach (var (s, m) in sharing) (found[s, m], hashes[s, m]) = (held, result.Dataset.VersionHash);
            if (!result.Cached) Interlocked.Increment(ref computed);
        }, ct);

        var asOf = GenerationRequest.Micros(query.AsOf);
        var rows = new List<SnapshotRow>(symbols.Count);
        for (var s = 0; s < symbols.Count; s++)
        {
            var vector = new double[columns.Count];
            long? latest = null;
            var k = 0;
            for (var m = 0; m < members.Count; m++)
            {
                var member = members[m];
                var dataset = found[s, m];
                var row = dataset?.RowAt(asOf, member.Rule) ?? -1;
                if (row >= 0 && (latest is null || dataset!.Stamps[row] > latest)) latest = dataset!.Stamps[row];
                foreach (var column in member.Columns)
                {
                    vector[k++] = row >= 0 && dataset!.Columns.TryGetValue(column, out var data) ? data[row] : double.NaN;
                }
            }
            rows.Add(new SnapshotRow(symbols[s], latest, vector));
        }
        var used = hashes.Cast<string?>().OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        return new SnapshotResult(query.AsOf, query.Timeframe, columns, rows, used, computed);
    }

    private Member Resolve(TrainingSetMember request, FeatureDefinition definition, DateTime asOf, string field)
    {
        // CheckFeaturesAsync has just found the plugin deployed and the parameters valid.
        var plugin = plugins.TryGet(definition.PluginKey, out var loaded) ? loaded : throw ProblemException.Invalid(field, $"plugin '{definition.PluginKey}' is not deployed now");
        var parameters = GenerationPlanner.ResolveParameters(plugin, definition.ParametersJson);
        var outputs = PluginCalls.Call(plugin, () => plugin.Plugin.OutputColumns(parameters)).Select(o => o.Name).ToList();
        var columns = request.Columns ?? [.. outputs];
        var unknown = columns.Where(c => !outputs.Contains(c)).ToList();
        if (unknown.Count > 0)
        {
            throw ProblemException.Invalid($"{field}.columns", $"'{definition.Name}' has no column {string.Join(", ", unknown)}; it has {string.Join(", ", outputs)}");
        }
        var selfContained = PluginCalls.Call(plugin, () => !plugin.Plugin.AuxiliarySeries(parameters).Any() && !plugin.Plugin.EventSeries(parameters).Any());
        var (start, end) = SnapshotWindow.For(asOf, request.Timeframe);
        return new Member(request, definition, plugin, parameters, columns, new AsOfRule(request.Lag, request.MaxStalenessSeconds * 1_000_000),
            start, end, selfContained);
    }

    private static bool HasBarsIn(BarSeries series, Member member) =>
        series.BarCount > 0 && series.FirstTimestamp < GenerationRequest.Micros(member.End) && series.LastTimestamp >= GenerationRequest.Micros(member.Start);

    /// <summary>The pair's version hash from a remembered plan (no bar read), or null when it was never planned.</summary>
    private async Task<string?> HashAsync(ISeriesCatalog catalog, Member member, BarSeries series, string symbol, CancellationToken ct)
    {
        var key = member.SelfContained
            ? $"{member.Definition.Id:N}|{member.Plugin.Version}|{member.Definition.ParametersJson}|{series.Id}@{series.Revision}|{member.Start.Ticks}|{member.End.Ticks}"
            : null;
        if (key is not null && _hashes.TryGetValue(key, out var known)) return known;
        var plan = new PlanRequest(member.Plugin, member.Parameters, new GenerationRequest(symbol, member.Request.Timeframe, member.Start, member.End));
        GenerationPlan? recalled;
        try
        {
            recalled = await planner.RecallAsync(catalog, plan, ct);
        }
        catch (ProblemException e) when (NoBarsInWindow(e))
        {
            return null; // no bars in the window after all: the generate says so, or gives the dataset
        }
        if (recalled is null) return null;
        var hash = plan.HashInputs(recalled.Fingerprint).VersionHash();
        if (key is not null) _hashes[key] = hash;
        return hash;
    }

    private static bool NoBarsInWindow(ProblemException e) => e.Status == 422 && e.Errors?.ContainsKey("start_date") == true;

    private static Task ForEachAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, ValueTask> body, CancellationToken ct) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = ct }, body);

    /// <summary>The series of the snapshot's symbols and member timeframes from one query; anything else (auxiliary series) from the database.</summary>
    private sealed class PreloadedCatalog(ISeriesCatalog inner, IReadOnlyDictionary<(string, string), BarSeries> series) : ISeriesCatalog
    {
        public FeaturesDbContext Context() => inner.Context();

        public Task<BarSeries?> FindSeriesAsync(string symbol, string timeframe, CancellationToken ct) =>
            series.TryGetValue((symbol, timeframe), out var found) ? Task.FromResult<BarSeries?>(found) : inner.FindSeriesAsync(symbol, timeframe, ct);

        public Task<IReadOnlyList<BarSeries>> SeriesOfSymbolAsync(string symbol, CancellationToken ct) => inner.SeriesOfSymbolAsync(symbol, ct);
    }
}
