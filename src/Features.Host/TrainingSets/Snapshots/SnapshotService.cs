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
/// read from the member's dataset over <see cref="SnapshotWindow"/>. Members of the same feature and timeframe read one
/// dataset per symbol (a <see cref="Source"/>). When everything is materialised it reads no bar, opens no file and
/// queries no dataset: version hashes come from remembered plans (in memory by series revision after the first time),
/// values from <see cref="DatasetValuesIndex"/>. Hashes not remembered are recalled in one pass, datasets not held
/// are found in one query per thousand, and what is not recorded is computed per symbol in one kernel pass
/// (<see cref="SymbolProducer"/>, symbols side by side): the datasets single generates of that range make.
/// </summary>
public sealed class SnapshotService(
    IDbContextFactory<FeaturesDbContext> contexts,
    FeatureJobs featureJobs,
    PluginRegistry plugins,
    GenerationPlanner planner,
    SymbolProducer producer,
    DatasetValuesIndex values)
{
    // Hashes per dataset query: EF Core sends a list as parameters, and SQLite caps their number.
    private const int QueryBatch = 1_000;

    // Remembered hashes (a few hundred bytes each); past this many they start over and are recalled in one pass.
    private const int MaxRememberedHashes = 1_000_000;

    // Version hash (and the held values, while held) by a key that fixes every input of a self-contained plugin (no
    // auxiliary or event inputs): the source (definition, plugin build, window) and the series at its revision. A
    // revised series gets a new key. Sources are numbered once, so a lookup hashes three numbers, not a long text.
    private readonly ConcurrentDictionary<(int Source, int SeriesId, long Revision), Known> _known = new();
    private readonly ConcurrentDictionary<string, int> _sourceIds = new(StringComparer.Ordinal);
    private int _lastSourceId;
    private long _recalled;
    private long _datasetQueries;

    /// <summary>(symbol, dataset) pairs whose version hash had to be recalled from plan facts, since start.</summary>
    public long HashesRecalled => Interlocked.Read(ref _recalled);

    /// <summary>Queries for recorded datasets, since start (none while the index holds every dataset asked for).</summary>
    public long DatasetQueries => Interlocked.Read(ref _datasetQueries);

    /// <summary>A remembered version hash, and its values while the index holds them.</summary>
    private sealed class Known(string hash)
    {
        public string Hash { get; } = hash;
        public volatile HeldDataset? Held;
    }

    /// <summary>What one dataset per symbol is made from: a feature on a timeframe over its window; <c>KnownId</c> when its hashes can be remembered.</summary>
    private sealed record Source(FeatureDefinition Definition, LoadedPlugin Plugin, ParameterValues Parameters, IReadOnlyList<string> Outputs,
        string Timeframe, DateTime Start, DateTime End, int? KnownId)
    {
        public PlanRequest Plan(string symbol) => new(Plugin, Parameters, new GenerationRequest(symbol, Timeframe, Start, End));

        private readonly long _start = GenerationRequest.Micros(Start), _end = GenerationRequest.Micros(End);

        public bool HasBarsIn(BarSeries series) => series.BarCount > 0 && series.FirstTimestamp < _end && series.LastTimestamp >= _start;
    }

    private sealed record Member(TrainingSetMember Request, int Source, IReadOnlyList<string> Columns, AsOfRule Rule);

    public async Task<SnapshotResult> TakeAsync(SnapshotQuery query, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var (requested, field) = await TrainingSetJobs.MembersAsync(db, query.FeatureSetId, query.Members, query.Timeframe, ct);
        var ids = requested.Select(m => m.FeatureId).Distinct().ToList();
        await featureJobs.CheckFeaturesAsync(db, ids, field, ct);
        var definitions = await db.Features.AsNoTracking().Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
        var sources = new List<Source>();
        var members = requested.Select((m, i) => Resolve(m, definitions[m.FeatureId], query.AsOf, sources, $"{field}[{i}]")).ToList();
        var columns = ColumnNaming.Assign(members.SelectMany(m => m.Columns.Select(c => (m.Request.Alias ?? sources[m.Source].Definition.Name, c))), field);
        var symbols = (await FeatureJobs.SymbolsAsync(db, query.Universe, query.Timeframe, ct)).Order(StringComparer.Ordinal).ToList();
        if (query.Wide) WideLayout.CheckCells(symbols.Count, columns.Count);

        var series = await SeriesAsync(db, query.Universe, symbols, sources, ct);
        // Each source's series, by symbol index (sources of one timeframe share the array).
        var seriesOf = sources.Select(d => d.Timeframe).Distinct()
            .ToDictionary(t => t, t => symbols.Select(symbol => series.GetValueOrDefault((symbol, t))).ToArray());

        // Each (symbol, source): its dataset's version hash and values; null when its series has no bars in the window.
        var use = values.NextUse();
        var pairs = new Pairs(symbols.Count, sources.Count);
        var toRecall = new List<(int S, int D)>();
        for (var s = 0; s < symbols.Count; s++)
        {
            for (var d = 0; d < sources.Count; d++)
            {
                if (seriesOf[sources[d].Timeframe][s] is not { } own || !sources[d].HasBarsIn(own)) continue;
                if (sources[d].KnownId is not { } id || !_known.TryGetValue((id, own.Id, own.Revision), out var known))
                {
                    toRecall.Add((s, d));
                    continue;
                }
                (pairs.Hashes[s, d], pairs.Known[s, d]) = (known.Hash, known);
                if (known.Held is { } held && held.Values is { } heldValues)
                {
                    DatasetValuesIndex.Touch(held, use);
                    pairs.Values[s, d] = heldValues;
                }
            }
        }
        var toCompute = new List<(int S, int D)>();
        if (toRecall.Count > 0) await RecallAsync(db, series, symbols, sources, toRecall, pairs, toCompute, ct);

        var toFind = new List<(int S, int D)>();
        for (var s = 0; s < symbols.Count; s++)
        {
            for (var d = 0; d < sources.Count; d++)
            {
                if (pairs.Values[s, d] is not null || pairs.Hashes[s, d] is not { } hash) continue;
                if (values.TryGet(hash, use, out var held, out var heldValues)) pairs.Hold(s, d, held, heldValues);
                else toFind.Add((s, d));
            }
        }
        if (toFind.Count > 0) await FindAsync(db, toFind, pairs, use, toCompute, ct);
        var computed = toCompute.Count > 0 ? await ComputeAsync(symbols, sources, toCompute, pairs, use, ct) : 0;

        var asOf = GenerationRequest.Micros(query.AsOf);
        var rows = new List<SnapshotRow>(symbols.Count);
        // Each member's column positions, worked out again only when a dataset has other columns than the last one.
        var schemas = new string[]?[members.Count];
        var positions = new int[members.Count][];
        for (var s = 0; s < symbols.Count; s++)
        {
            var vector = new double[columns.Count];
            long? latest = null;
            var k = 0;
            for (var m = 0; m < members.Count; m++)
            {
                var member = members[m];
                var dataset = pairs.Values[s, member.Source];
                var row = dataset?.RowAt(asOf, member.Rule) ?? -1;
                if (row < 0)
                {
                    for (var c = 0; c < member.Columns.Count; c++) vector[k++] = double.NaN;
                    continue;
                }
                if (latest is null || dataset!.Stamps[row] > latest) latest = dataset!.Stamps[row];
                if (!ReferenceEquals(schemas[m], dataset.Schema))
                {
                    (schemas[m], positions[m]) = (dataset.Schema, [.. member.Columns.Select(c => Array.IndexOf(dataset.Schema, c))]);
                }
                var offset = row * dataset.Schema.Length;
                foreach (var position in positions[m]) vector[k++] = position >= 0 ? dataset.Matrix[offset + position] : double.NaN;
            }
            rows.Add(new SnapshotRow(symbols[s], latest, vector));
        }
        return new SnapshotResult(query.AsOf, query.Timeframe, columns, rows, SortedHashes(pairs.Hashes), computed);
    }

    /// <summary>
    /// The distinct hashes in ordinal order. Sorted by a key packing each text's first four characters, so most
    /// comparisons are between two numbers side by side in one array rather than two strings elsewhere in memory.
    /// </summary>
    internal static string[] SortedHashes(string?[,] hashes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keyed = new List<(ulong Key, string Hash)>(hashes.Length);
        foreach (var hash in hashes)
        {
            if (hash is null || !seen.Add(hash)) continue;
            var key = 0UL;
            for (var i = 0; i < 4; i++) key = (key << 16) | (i < hash.Length ? hash[i] : 0u);
            keyed.Add((key, hash));
        }
        // Equal keys fall back to the full ordinal comparison; unequal ones order as the texts do (a shorter text pads with 0).
        keyed.Sort((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : string.CompareOrdinal(a.Hash, b.Hash));
        return [.. keyed.Select(k => k.Hash)];
    }

    /// <summary>What a snapshot knows of each (symbol, source): the version hash, the remembered entry, the values.</summary>
    private sealed class Pairs(int symbols, int sources)
    {
        public readonly string?[,] Hashes = new string?[symbols, sources];
        public readonly Known?[,] Known = new Known?[symbols, sources];
        public readonly DatasetValues?[,] Values = new DatasetValues?[symbols, sources];

        /// <summary>The pair's values as the index holds them; remembered with its hash, so the next snapshot skips the index.</summary>
        public void Hold(int s, int d, HeldDataset held, DatasetValues values)
        {
            (Hashes[s, d], Values[s, d]) = (held.VersionHash, values);
            if (Known[s, d] is { } known && known.Hash == held.VersionHash) known.Held = held;
        }
    }

    /// <summary>
    /// The series of the universe on the members' timeframes, in one query filtered as the universe is (by prefix, or by
    /// the listed symbols); a prefix needs no list of 500 symbols as parameters.
    /// </summary>
    private static async Task<Dictionary<(string, string), BarSeries>> SeriesAsync(FeaturesDbContext db, Universe universe, List<string> symbols, List<Source> sources,
        CancellationToken ct)
    {
        var timeframes = sources.Select(d => d.Timeframe).Distinct().ToList();
        var query = db.Series.AsNoTracking().Where(s => timeframes.Contains(s.Timeframe));
        if (universe.Prefix is { } prefix) query = query.Where(s => s.Symbol.StartsWith(prefix));
        else if (!universe.All) query = query.Where(s => symbols.Contains(s.Symbol));
        var inUniverse = symbols.ToHashSet(StringComparer.Ordinal);
        return (await query.ToListAsync(ct)).Where(s => inUniverse.Contains(s.Symbol)).ToDictionary(s => (s.Symbol, s.Timeframe));
    }

    /// <summary>Version hashes from remembered plans, all in one pass (one facts query per thousand not in memory).</summary>
    private async Task RecallAsync(FeaturesDbContext db, IReadOnlyDictionary<(string, string), BarSeries> series, List<string> symbols, List<Source> sources,
        List<(int S, int D)> toRecall, Pairs pairs, List<(int S, int D)> toCompute, CancellationToken ct)
    {
        Interlocked.Add(ref _recalled, toRecall.Count);
        var plans = toRecall.Select(p => sources[p.D].Plan(symbols[p.S])).ToList();
        var recalled = await planner.RecallAsync(new PreloadedCatalog(new SeriesCatalog(db), series), plans, new PlanBatch(), ct);
        if (_known.Count > MaxRememberedHashes) _known.Clear();
        for (var i = 0; i < toRecall.Count; i++)
        {
            var (s, d) = toRecall[i];
            if (recalled[i].Problem is { } problem)
            {
                if (NoBarsInWindow(problem)) continue; // no bars in the window after all: nothing was known, the values stay null
                throw problem;
            }
            if (recalled[i].Plan is not { } plan)
            {
                toCompute.Add((s, d));
                continue;
            }
            var hash = pairs.Hashes[s, d] = plans[i].HashInputs(plan.Fingerprint).VersionHash();
            if (sources[d].KnownId is { } id && series.TryGetValue((symbols[s], sources[d].Timeframe), out var own))
            {
                _known[(id, own.Id, own.Revision)] = pairs.Known[s, d] = new Known(hash);
            }
        }
    }

    /// <summary>Recorded datasets of the hashes not held, one query per thousand; their values are read side by side. The unrecorded are to compute.</summary>
    private async Task FindAsync(FeaturesDbContext db, List<(int S, int D)> toFind, Pairs pairs, long use, List<(int S, int D)> toCompute, CancellationToken ct)
    {
        var recorded = new Dictionary<string, FeatureDataset>(StringComparer.Ordinal);
        foreach (var part in toFind.Select(f => pairs.Hashes[f.S, f.D]!).Distinct().Chunk(QueryBatch))
        {
            Interlocked.Increment(ref _datasetQueries);
            foreach (var dataset in await db.Datasets.AsNoTracking().Where(d => part.Contains(d.VersionHash)).ToListAsync(ct)) recorded.TryAdd(dataset.VersionHash, dataset);
        }
        await ForEachAsync(toFind.GroupBy(f => pairs.Hashes[f.S, f.D]!), async (sharing, token) =>
        {
            if (!recorded.TryGetValue(sharing.Key, out var dataset))
            {
                lock (toCompute) toCompute.AddRange(sharing);
                return;
            }
            var (held, heldValues) = await values.LoadAsync(dataset, use, token);
            foreach (var (s, d) in sharing) pairs.Hold(s, d, held, heldValues);
        }, ct);
    }

    /// <summary>
    /// The missing datasets, per symbol and timeframe in one kernel pass, symbols side by side, as a training set makes
    /// its members (recorded ones are found, not computed). Returns how many were computed.
    /// </summary>
    private async Task<int> ComputeAsync(List<string> symbols, List<Source> sources, List<(int S, int D)> toCompute, Pairs pairs, long use, CancellationToken ct)
    {
        var computed = 0;
        var groups = toCompute.Distinct().GroupBy(p => (p.S, sources[p.D].Timeframe)).Select(g => g.ToList()).ToList();
        await ForEachAsync(groups, async (group, token) =>
        {
            var wanted = group.Select(p => new WantedDataset(sources[p.D].Definition, sources[p.D].Plan(symbols[p.S]))).ToList();
            var produced = await producer.ProduceAsync(wanted, false, new PlanBatch(), token);
            for (var i = 0; i < group.Count; i++)
            {
                var (s, d) = group[i];
                if (produced[i].Problem is { } problem)
                {
                    if (NoBarsInWindow(problem)) continue; // a gap covering the whole window: nothing was known, the values stay null
                    throw problem;
                }
                // Not remembered by key: the producer read the series at whatever revision it found (one query recalls it next time).
                var (held, heldValues) = await values.LoadAsync(produced[i].Dataset!, use, token);
                pairs.Hold(s, d, held, heldValues);
                if (!produced[i].Cached) Interlocked.Increment(ref computed);
            }
        }, ct);
        return computed;
    }

    private Member Resolve(TrainingSetMember request, FeatureDefinition definition, DateTime asOf, List<Source> sources, string field)
    {
        var index = sources.FindIndex(d => d.Definition.Id == definition.Id && d.Timeframe == request.Timeframe);
        if (index < 0)
        {
            // CheckFeaturesAsync has just found the plugin deployed and the parameters valid.
            var plugin = plugins.TryGet(definition.PluginKey, out var loaded) ? loaded : throw ProblemException.Invalid(field, $"plugin '{definition.PluginKey}' is not deployed now");
            var parameters = GenerationPlanner.ResolveParameters(plugin, definition.ParametersJson);
            var outputs = PluginCalls.Call(plugin, () => plugin.Plugin.OutputColumns(parameters)).Select(o => o.Name).ToList();
            var selfContained = PluginCalls.Call(plugin, () => !plugin.Plugin.AuxiliarySeries(parameters).Any() && !plugin.Plugin.EventSeries(parameters).Any());
            var (start, end) = SnapshotWindow.For(asOf, request.Timeframe);
            int? knownId = selfContained
                ? _sourceIds.GetOrAdd($"{definition.Id:N}|{plugin.Version}|{definition.ParametersJson}|{request.Timeframe}|{start.Ticks}|{end.Ticks}", _ => Interlocked.Increment(ref _lastSourceId))
                : null;
            sources.Add(new Source(definition, plugin, parameters, outputs, request.Timeframe, start, end, knownId));
            index = sources.Count - 1;
        }
        var source = sources[index];
        var columns = request.Columns ?? [.. source.Outputs];
        var unknown = columns.Where(c => !source.Outputs.Contains(c)).ToList();
        if (unknown.Count > 0)
        {
            throw ProblemException.Invalid($"{field}.columns", $"'{definition.Name}' has no column {string.Join(", ", unknown)}; it has {string.Join(", ", source.Outputs)}");
        }
        return new Member(request, index, columns, new AsOfRule(request.Lag, request.MaxStalenessSeconds * 1_000_000));
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
