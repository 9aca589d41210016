using System.Globalization;
using System.Text.Json;
using Features.Host.Errors;
using Features.Host.Generation;
using Features.Host.Jobs;
using Features.Host.MarketData;
using Features.Host.Plugins;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Features.Host.Storage.Objects;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.TrainingSets.Hosting;

/// <summary>
/// The <c>training_set</c> job kind. First the cache path, reading no bars: remembered plans give every member dataset's
/// version hash (<see cref="DatasetRecall"/>) and remembered grid-bar fingerprints the rest of the content hash, and a
/// set stored under that hash is the answer. Otherwise every member dataset comes from <see cref="SymbolProducer"/> (one kernel
/// pass per symbol, computed or found and checked), the hash is worked out in a snapshot, and the set is built and stored as <c>data.parquet</c> and
/// <c>splits.json</c> under it. The item's <see cref="JobItem.VersionHash"/> is the content hash.
/// </summary>
public sealed class TrainingSetJobHandler(
    IDbContextFactory<FeaturesDbContext> contexts,
    PluginRegistry plugins,
    DatasetRecall recall,
    GridBarFacts gridBars,
    SymbolProducer symbols,
    BarStore bars,
    DatasetReader reader,
    IObjectStore objects,
    FeaturesPaths paths) : IJobHandler
{
    public string Kind => TrainingSetRequest.Kind;

    public async Task RunAsync(JobRecord job, IReadOnlyList<JobItem> items, Func<IReadOnlyList<ItemOutcome>, Task> record, CancellationToken ct)
    {
        foreach (var item in items)
        {
            try
            {
                var (hash, cached) = await BuildAsync(TrainingSetRequest.Parse(job.RequestJson), ct);
                await record([new ItemOutcome(item.Seq, ItemStatus.Succeeded, null, hash, cached, null)]);
            }
            catch (Exception e) when (!TransientFailures.IsTransient(e) && e is not OperationCanceledException)
            {
                var problem = e as ProblemException ?? new ProblemException(500, "Internal Server Error", $"the training set could not be built ({e.GetType().Name}: {e.Message})", null, e);
                await record([ItemOutcome.Failed(item.Seq, problem)]);
            }
        }
    }

    /// <summary>A feature of the request: its definition, and its plugin with the parameters validated.</summary>
    private sealed record Resolved(FeatureDefinition Definition, PlanRequest Template)
    {
        public PlanRequest Plan(string symbol, string timeframe, TrainingSetRequest request) =>
            Template with { Request = new GenerationRequest(symbol, timeframe, request.StartDate, request.EndDate) };
    }

    private async Task<(string Hash, bool Cached)> BuildAsync(TrainingSetRequest request, CancellationToken ct)
    {
        var options = request.Options();
        var labelFeature = options.Label is FeatureLabel featureLabel ? Guid.Parse(featureLabel.FeatureId) : (Guid?)null;
        var plan = new TrainingSetPlan(request.Timeframe, request.Symbols, Micros(request.StartDate), Micros(request.EndDate),
            [], options.Label, request.DropIncompleteLabels, options.Processors, options.Splits);

        // Every dataset the set reads, per symbol: its members in order, then the label's feature.
        Dictionary<Guid, Resolved> features;
        List<RecallRequest> wanted = [];
        Recalled[] recalled;
        Dictionary<string, string?> gridFingerprints = [];
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            features = await ResolveAsync(db, [.. request.Features.Select(m => m.FeatureId), .. labelFeature is { } l ? [l] : Array.Empty<Guid>()], ct);
            foreach (var symbol in request.Symbols)
            {
                foreach (var member in request.Features) wanted.Add(new RecallRequest(member.FeatureId, features[member.FeatureId].Plan(symbol, member.Timeframe, request)));
                if (labelFeature is { } id) wanted.Add(new RecallRequest(id, features[id].Plan(symbol, request.Timeframe, request)));
            }
            recalled = await recall.RecallAsync(db, wanted, ct);
            if (recalled.FirstOrDefault(r => r.Problem is not null)?.Problem is { } problem) throw problem;
            if (recalled.All(r => r.Found))
            {
                foreach (var series in await GridSeriesAsync(db, request, ct)) gridFingerprints[series.Symbol] = await gridBars.RecallAsync(series, plan, ct);
            }
        }
        var normalised = Normalised(request, features);
        if (recalled.All(r => r.Found) && request.Symbols.All(s => gridFingerprints.GetValueOrDefault(s) is not null))
        {
            var known = TrainingSetHash.Compute(normalised, recalled.Select(r => r.VersionHash!), gridFingerprints!);
            if (await StoredAsync(known, ct)) return (known, true);
        }

        // Not stored (or not known without bars): each symbol's members on a timeframe in one kernel pass, as a feature
        // job's chunk makes them (recorded ones are found, not computed), symbols side by side. The build reads each
        // symbol as soon as its members are there, so joining and spilling overlap the computing of later symbols.
        var datasets = new FeatureDataset[wanted.Count];
        await RecordedRowsAsync(recalled, datasets, ct);
        // Groups whose datasets were all recalled are read as recorded (the reader verifies every object it fetches).
        var groups = Enumerable.Range(0, wanted.Count).GroupBy(i => (wanted[i].Plan.Request.Symbol, wanted[i].Plan.Request.Timeframe))
            .Where(g => g.Any(i => datasets[i] is null)).ToList();
        var perSymbol = request.Features.Length + (labelFeature is null ? 0 : 1);
        var symbolIndex = request.Symbols.Select((symbol, s) => (symbol, s)).ToDictionary(x => x.symbol, x => x.s, StringComparer.Ordinal);
        var ready = request.Symbols.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var groupsLeft = new int[request.Symbols.Length];
        foreach (var group in groups) groupsLeft[symbolIndex[group.Key.Symbol]]++;
        for (var s = 0; s < ready.Length; s++) if (groupsLeft[s] == 0) ready[s].SetResult();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producing = ProduceAsync();
        async Task ProduceAsync()
        {
            try
            {
                await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = stop.Token }, async (group, token) =>
                {
                    var indexes = group.ToList();
                    var produced = await symbols.ProduceAsync([.. indexes.Select(i => new WantedDataset(features[wanted[i].FeatureId].Definition, wanted[i].Plan))], false, new PlanBatch(), token);
                    for (var k = 0; k < indexes.Count; k++) datasets[indexes[k]] = produced[k].Problem is { } problem ? throw problem : produced[k].Dataset!;
                    var s = symbolIndex[group.Key.Symbol];
                    if (Interlocked.Decrement(ref groupsLeft[s]) == 0) ready[s].SetResult();
                });
            }
            catch (Exception e)
            {
                // A symbol the build still waits for fails it with the same problem.
                foreach (var symbol in ready) symbol.TrySetException(e);
                throw;
            }
        }

        async Task<SymbolDatasets> DatasetsOf(string symbol, CancellationToken token)
        {
            var s = symbolIndex[symbol];
            await ready[s].Task.WaitAsync(token);
            return new SymbolDatasets(datasets[(s * perSymbol)..(s * perSymbol + request.Features.Length)],
                labelFeature is null ? null : datasets[s * perSymbol + request.Features.Length]);
        }

        Directory.CreateDirectory(paths.TempDirectory);
        var dataFile = Path.Combine(paths.TempDirectory, $"ts-{Guid.NewGuid():N}.parquet");
        var splitsFile = Path.ChangeExtension(dataFile, ".json");
        try
        {
            // The member columns come from the first symbol's datasets.
            var first = (await DatasetsOf(request.Symbols[0], stop.Token)).Members;
            plan = plan with
            {
                Members = [.. request.Features.Select((m, i) => new MemberPlan(
                    m.Alias ?? features[m.FeatureId].Definition.Name,
                    m.Columns ?? [.. (JsonSerializer.Deserialize<string[]>(first[i].ColumnsJson) ?? []).Where(c => c != "timestamp")],
                    m.Timeframe,
                    new AsOfRule(m.Lag, m.MaxStalenessSeconds * 1_000_000)))],
            };
            var fingerprints = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            TrainingSetResult result;
            await using (var snapshot = await bars.OpenSnapshotAsync(ct))
            {
                var source = new StoredTrainingSetSource(snapshot, reader, plan, DatasetsOf,
                    async (series, read, token) => fingerprints[series.Symbol] = await gridBars.FingerprintAsync(series, plan, read, token));
                var metadata = new Dictionary<string, string> { ["features.training_set.spec"] = TrainingSetHash.SpecVersion };
                result = await new TrainingSetBuilder(paths.TempDirectory).BuildAsync(plan, source, dataFile, metadata, stop.Token);
            }
            await producing;
            var hash = TrainingSetHash.Compute(normalised, datasets.Select(d => d.VersionHash), fingerprints);
            if (await StoredAsync(hash, ct)) return (hash, true);
            var manifest = (result.Splits ?? new SplitManifest("none", [])) with { RowCount = result.Rows, Columns = result.Columns };
            await File.WriteAllTextAsync(splitsFile, JsonSerializer.Serialize(manifest, SplitManifest.Json), ct);
            await objects.PutAsync(splitsFile, TrainingSetObjects.Splits(hash) + ".tmp", TrainingSetObjects.Splits(hash), ct);
            await objects.MoveInAsync(dataFile, TrainingSetObjects.Data(hash) + ".tmp", TrainingSetObjects.Data(hash), ct);
            return (hash, false);
        }
        catch when (!producing.IsCompleted || producing.IsFaulted)
        {
            // A failed member is the problem to report, not the build it cut short; and nothing keeps computing for a set that failed.
            await stop.CancelAsync();
            try
            {
                await producing;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Stopped here because the build failed: the build's error stands.
            }
            throw;
        }
        finally
        {
            File.Delete(dataFile);
            File.Delete(splitsFile);
        }
    }

    /// <summary>The rows of the recalled datasets, one query per thousand, into their places in <paramref name="datasets"/>.</summary>
    private async Task RecordedRowsAsync(Recalled[] recalled, FeatureDataset[] datasets, CancellationToken ct)
    {
        var ids = recalled.Where(r => r.Found).Select(r => r.DatasetId!.Value).Distinct().ToList();
        if (ids.Count == 0) return;
        var rows = new Dictionary<Guid, FeatureDataset>(ids.Count);
        await using var db = await contexts.CreateDbContextAsync(ct);
        foreach (var part in ids.Chunk(1_000))
        {
            foreach (var row in await db.Datasets.AsNoTracking().Where(d => part.Contains(d.Id)).ToListAsync(ct)) rows[row.Id] = row;
        }
        // A row gone since the recall (deleted, replaced) leaves its place empty: its group is produced.
        for (var i = 0; i < recalled.Length; i++)
        {
            if (recalled[i].DatasetId is { } id && rows.TryGetValue(id, out var row)) datasets[i] = row;
        }
    }

    private async Task<bool> StoredAsync(string hash, CancellationToken ct) =>
        await objects.ExistsAsync(TrainingSetObjects.Data(hash), ct) && await objects.ExistsAsync(TrainingSetObjects.Splits(hash), ct);

    private async Task<Dictionary<Guid, Resolved>> ResolveAsync(FeaturesDbContext db, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var definitions = await db.Features.AsNoTracking().Where(f => ids.Contains(f.Id)).ToDictionaryAsync(f => f.Id, ct);
        var resolved = new Dictionary<Guid, Resolved>();
        foreach (var id in ids.Distinct())
        {
            var definition = definitions.GetValueOrDefault(id) ?? throw ProblemException.Invalid("features", $"unknown feature {id}");
            if (!plugins.TryGet(definition.PluginKey, out var plugin))
            {
                throw ProblemException.Invalid("features", $"feature {id} ('{definition.Name}') uses plugin '{definition.PluginKey}', which is not deployed now");
            }
            var parameters = GenerationPlanner.ResolveParameters(plugin, definition.ParametersJson);
            resolved[id] = new Resolved(definition, new PlanRequest(plugin, parameters, new GenerationRequest("", "", default, default)));
        }
        return resolved;
    }

    private static async Task<List<BarSeries>> GridSeriesAsync(FeaturesDbContext db, TrainingSetRequest request, CancellationToken ct)
    {
        var series = new List<BarSeries>(request.Symbols.Length);
        foreach (var batch in request.Symbols.Chunk(1_000))
        {
            series.AddRange(await db.Series.AsNoTracking().Where(s => s.Timeframe == request.Timeframe && batch.Contains(s.Symbol)).ToListAsync(ct));
        }
        return series;
    }

    /// <summary>
    /// The request as the content hash sees it: features by what they compute (plugin and parameters) and the name they
    /// give their columns, never by their ids, which differ between two stores holding the same definitions.
    /// </summary>
    private static Dictionary<string, object?> Normalised(TrainingSetRequest request, IReadOnlyDictionary<Guid, Resolved> features)
    {
        Dictionary<string, object?> Computes(Guid id) => new()
        {
            ["plugin_key"] = features[id].Definition.PluginKey,
            ["parameters"] = features[id].Template.Parameters.Values,
        };
        var label = Plain(request.Label);
        if (label is Dictionary<string, object?> labelFields && labelFields.Remove("feature_id", out var labelId) && Guid.TryParse(labelId as string, out var labelFeature))
        {
            labelFields["feature"] = Computes(labelFeature);
        }
        return new Dictionary<string, object?>
        {
            ["features"] = request.Features.Select(m => (object?)new Dictionary<string, object?>
            {
                ["name"] = m.Alias ?? features[m.FeatureId].Definition.Name,
                ["feature"] = Computes(m.FeatureId),
                ["columns"] = m.Columns,
                ["timeframe"] = m.Timeframe,
                ["lag"] = m.Lag,
                ["max_staleness_seconds"] = m.MaxStalenessSeconds,
            }).ToList(),
            ["symbols"] = request.Symbols,
            ["timeframe"] = request.Timeframe,
            ["start_date"] = request.StartDate.ToString(HashInputs.DateFormat, CultureInfo.InvariantCulture),
            ["end_date"] = request.EndDate.ToString(HashInputs.DateFormat, CultureInfo.InvariantCulture),
            ["label"] = label,
            ["processors"] = Plain(request.Processors),
            ["splits"] = Plain(request.Splits),
            ["drop_incomplete_labels"] = request.DropIncompleteLabels,
        };
    }

    /// <summary>A JSON value as the plain objects <see cref="CanonicalJson"/> takes.</summary>
    private static object? Plain(JsonElement? element) => element is not { } e ? null : e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Select(v => Plain(v)).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var n) ? n : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static long Micros(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / 10;
}
