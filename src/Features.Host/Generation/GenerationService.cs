using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Apache.Arrow;
using Features.Host.Errors;
using Features.Host.MarketData;
using Features.Host.Plugins;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Features.Host.Storage.Objects;
using Features.PluginSdk;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Generation;

/// <summary>
/// The generate pipeline (DESIGN.md): resolve the definition and plugin, read a consistent snapshot of the
/// bars (with warm-up and auxiliary series), fingerprint them, hash, reuse a cached dataset or stream the
/// bars through the kernel into Parquet, upload to a temporary key, promote, then insert the row.
/// </summary>
public sealed class GenerationService(
    IDbContextFactory<FeaturesDbContext> contexts,
    BarStore bars,
    PluginRegistry plugins,
    IObjectStore objects,
    FeaturesPaths paths,
    Configuration.FeaturesOptions options,
    ILogger<GenerationService> logger)
{
    private long _computations;

    /// <summary>How many times this host ran a kernel (tests use it to prove that identical requests compute once).</summary>
    internal long Computations => Interlocked.Read(ref _computations);

    public const int BatchRows = 65_536;

    // Concurrent identical requests in this process share one computation.
    private static readonly ConcurrentDictionary<string, Lazy<Task<GenerationResult>>> InFlight = new();

    public async Task<GenerationResult> GenerateAsync(Guid featureId, GenerationRequest request, bool regenerate, CancellationToken ct)
    {
        FeatureDefinition definition;
        LoadedPlugin? plugin;
        ParameterValues parameters;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            definition = await CacheQueries.For(db).Feature(db, featureId, ct) ?? throw ProblemException.NotFound("Feature not found");
            if (!plugins.TryGet(definition.PluginKey, out plugin))
            {
                throw ProblemException.Invalid("plugin_key", $"plugin '{definition.PluginKey}' is not deployed now; see GET /api/v1/features/plugins/available");
            }
            parameters = ResolveParameters(plugin, definition.ParametersJson);

            // The cache path: when the plan over the series' current revision is known, the hash is too, and a
            // recorded dataset is answered from this one context, with no snapshot and no bar read.
            if (!regenerate && await PlanAsync(new SeriesCatalog(db), null, plugin, parameters, request, ct) is { } known)
            {
                var hash = new HashInputs(plugin.Key, plugin.Version, parameters.Values, request.Symbol, request.Timeframe,
                    request.StartDate, request.EndDate, known.Fingerprint).VersionHash();
                if (await CacheQueries.For(db).Dataset(db, featureId, hash, ct) is { } hit
                    && await CheckObjectAsync(hit, ct) is null)
                {
                    return new GenerationResult(hit, true, known.Notes);
                }
                // Missing or damaged: the full path below plans again inside a snapshot and computes.
            }
        }

        var snapshot = await bars.OpenSnapshotAsync(ct);
        var ownsSnapshot = true;
        try
        {
            var plan = (await PlanAsync(snapshot, snapshot, plugin, parameters, request, ct))!;
            var hashInputs = new HashInputs(plugin.Key, plugin.Version, parameters.Values, request.Symbol, request.Timeframe,
                request.StartDate, request.EndDate, plan.Fingerprint);
            var versionHash = hashInputs.VersionHash();

            if (!regenerate)
            {
                var cached = await FindAsync(featureId, versionHash, ct);
                if (cached is not null)
                {
                    var damage = await CheckObjectAsync(cached, ct);
                    if (damage is null) return new GenerationResult(cached, true, plan.Notes);
                    // Self-repair: the inputs are known, so recompute and rewrite the object under the same hash.
                    logger.LogWarning("Cached dataset {Hash} of feature {Feature}: {Damage}; recomputing", versionHash, featureId, damage);
                    plan.Notes.Add($"the stored object {cached.StorageUri} {damage}; it was recomputed and rewritten");
                    regenerate = true;
                }
            }

            var reuse = !regenerate;
            var key = $"{featureId:N}/{versionHash}/{(regenerate ? "r" : "g")}";
            Lazy<Task<GenerationResult>>? mine = null;
            mine = new Lazy<Task<GenerationResult>>(async () =>
            {
                // The computation owns the snapshot it planned with, so it outlives a caller that gives up.
                try
                {
                    // A request that planned before another one recorded this hash finds the row here, not a second computation.
                    if (reuse && await FindAsync(featureId, versionHash, CancellationToken.None) is { } recorded)
                    {
                        return new GenerationResult(recorded, true, plan.Notes);
                    }
                    return await ComputeAsync(definition, plugin, parameters, request, snapshot, plan, hashInputs, versionHash, regenerate);
                }
                finally
                {
                    InFlight.TryRemove(new KeyValuePair<string, Lazy<Task<GenerationResult>>>(key, mine!));
                    await snapshot.DisposeAsync();
                }
            });
            var flight = InFlight.GetOrAdd(key, mine);
            if (ReferenceEquals(flight, mine)) ownsSnapshot = false;
            return await flight.Value.WaitAsync(ct);
        }
        finally
        {
            if (ownsSnapshot) await snapshot.DisposeAsync();
        }
    }

    internal static ParameterValues ResolveParameters(LoadedPlugin plugin, string parametersJson)
    {
        using var doc = JsonDocument.Parse(parametersJson);
        var raw = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        return Call(plugin, () => plugin.ResolveParameters(raw));
    }

    private sealed record AuxiliaryInput(AuxiliarySeriesRequest Request, BarSeries Series);

    private sealed record Plan(BarSeries Series, long ReadFrom, long Start, long End, IReadOnlyList<AuxiliaryInput> Auxiliary, string Fingerprint, long BarsRead, List<string> Notes, long ElapsedMs, long FingerprintMs);

    private sealed record PlanFacts(long ReadFrom, string Fingerprint, long BarsRead, string[] Notes);

    // A series' bars only change with its revision, so (series, revision, range, warm-up) fixes the bars a
    // plan reads and their fingerprint: a cached generate then costs a few indexed lookups, not a bar scan.
    // Kept in memory and in the database (plan_facts), so a restart or another instance reuses them too.
    private readonly ConcurrentDictionary<string, PlanFacts> _planCache = new();
    private const int PlanCacheCapacity = 100_000;

    /// <summary>
    /// What the request reads and its fingerprint. Without a snapshot only a remembered plan can be given
    /// (null otherwise): working one out reads bars, which must come from a snapshot.
    /// </summary>
    private async Task<Plan?> PlanAsync(ISeriesCatalog catalog, BarSnapshot? snapshot, LoadedPlugin plugin, ParameterValues parameters, GenerationRequest request, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var start = Micros(request.StartDate);
        var end = Micros(request.EndDate);
        var series = await catalog.FindSeriesAsync(request.Symbol, request.Timeframe, ct);
        if (series is null || series.BarCount == 0)
        {
            throw ProblemException.Invalid("symbol", $"the Market Data Layer has no {request.Timeframe} bars for '{request.Symbol}'; ingest them with POST /api/v1/market-data/{request.Symbol}/{request.Timeframe}");
        }
        if (series.FirstTimestamp >= end || series.LastTimestamp < start)
        {
            throw NoBarsInRange(request, series);
        }
        var warmup = Math.Max(0, Call(plugin, () => plugin.Plugin.WarmupBars(parameters)));
        var auxiliary = new List<AuxiliaryInput>();
        foreach (var aux in Call(plugin, () => plugin.Plugin.AuxiliarySeries(parameters).ToList()))
        {
            auxiliary.Add(new AuxiliaryInput(aux, await ResolveAuxiliaryAsync(catalog, aux, request.Timeframe, ct)));
        }

        var key = $"{series.Id}@{series.Revision}:{start}:{end}:{warmup}" + string.Concat(auxiliary.Select(a => $"|{a.Series.Id}@{a.Series.Revision}"));
        long fingerprintMs = 0;
        if (!_planCache.TryGetValue(key, out var facts))
        {
            facts = await LoadPlanFactsAsync(key, ct);
            if (facts is null)
            {
                if (snapshot is null) return null;
                if (await snapshot.CountAsync(series.Id, start, end, ct) == 0) throw NoBarsInRange(request, series);
                var readFrom = await snapshot.WarmupStartAsync(series.Id, start, warmup, ct);
                var barsToRead = await snapshot.CountAsync(series.Id, readFrom, end, ct);
                foreach (var aux in auxiliary) barsToRead += await snapshot.CountAsync(aux.Series.Id, long.MinValue, end, ct);
                CheckBarLimit(barsToRead);
                using var fingerprint = new SourceFingerprint();
                var passStarted = Stopwatch.GetTimestamp();
                await foreach (var block in snapshot.ReadAsync(series.Id, readFrom, end, BatchRows, ct)) fingerprint.Append(block);
                foreach (var aux in auxiliary)
                {
                    await foreach (var block in snapshot.ReadAsync(aux.Series.Id, long.MinValue, end, BatchRows, ct)) fingerprint.Append(block);
                }
                fingerprintMs = (long)Stopwatch.GetElapsedTime(passStarted).TotalMilliseconds;
                var warmupRead = await snapshot.CountAsync(series.Id, readFrom, start, ct);
                string[] notes = warmupRead < warmup ? [$"only {warmupRead} of the {warmup} warm-up bars exist before start_date; early rows may be null"] : [];
                facts = new PlanFacts(readFrom, fingerprint.Finish(), fingerprint.Bars, notes);
                await SavePlanFactsAsync(key, series, facts);
            }
            if (_planCache.Count >= PlanCacheCapacity) _planCache.Clear();
            _planCache[key] = facts;
        }
        CheckBarLimit(facts.BarsRead);
        return new Plan(series, facts.ReadFrom, start, end, auxiliary, facts.Fingerprint, facts.BarsRead, [.. facts.Notes], stopwatch.ElapsedMilliseconds, fingerprintMs);
    }

    private async Task<PlanFacts?> LoadPlanFactsAsync(string key, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.PlanFacts.AsNoTracking().SingleOrDefaultAsync(f => f.Key == key, ct);
        return row is null ? null : new PlanFacts(row.ReadFrom, row.Fingerprint, row.BarsRead, JsonSerializer.Deserialize<string[]>(row.NotesJson) ?? []);
    }

    private async Task SavePlanFactsAsync(string key, BarSeries series, PlanFacts facts)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            db.PlanFacts.Add(new PlanFact
            {
                Key = key, SeriesId = series.Id, Revision = series.Revision, ReadFrom = facts.ReadFrom, Fingerprint = facts.Fingerprint,
                BarsRead = facts.BarsRead, NotesJson = JsonSerializer.Serialize(facts.Notes), CreatedAt = StorageClock.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another request or instance recorded the same facts first (they are equal), or the series was
            // revised meanwhile (the facts belong to the revision this request read): either way nothing is lost.
        }
    }

    private void CheckBarLimit(long barsToRead)
    {
        var maxBars = options.Limits.MaxBarsPerGenerate;
        if (barsToRead > maxBars)
        {
            throw ProblemException.Invalid("end_date", $"the range needs {barsToRead} bars (warm-up and auxiliary series included), more than the {maxBars} " +
                "one generate may read (Features:Limits:MaxBarsPerGenerate); split it into shorter ranges");
        }
    }

    private static ProblemException NoBarsInRange(GenerationRequest request, BarSeries series) =>
        ProblemException.Invalid("start_date", $"no {request.Timeframe} bars for '{request.Symbol}' in [{request.StartDate:yyyy-MM-ddTHH:mm:ssZ}, {request.EndDate:yyyy-MM-ddTHH:mm:ssZ}); " +
            $"the store has {BarTime.Format(series.FirstTimestamp!.Value)} .. {BarTime.Format(series.LastTimestamp!.Value)}");

    private static async Task<BarSeries> ResolveAuxiliaryAsync(ISeriesCatalog catalog, AuxiliarySeriesRequest aux, string timeframe, CancellationToken ct)
    {
        var field = "parameters." + aux.Role;
        if (aux.Timeframe is not null)
        {
            return await catalog.FindSeriesAsync(aux.Symbol, aux.Timeframe, ct) is { BarCount: > 0 } s
                ? s
                : throw ProblemException.Invalid(field, $"the Market Data Layer has no {aux.Timeframe} series '{aux.Symbol}'");
        }
        var all = await catalog.SeriesOfSymbolAsync(aux.Symbol, ct);
        return all.FirstOrDefault(s => s.Timeframe == timeframe)
               ?? (all.Count == 1 ? all[0] : null)
               ?? throw ProblemException.Invalid(field, all.Count == 0
                   ? $"the Market Data Layer has no series '{aux.Symbol}'; ingest it first"
                   : $"series '{aux.Symbol}' is stored at {string.Join(", ", all.Select(s => s.Timeframe))} and none matches {timeframe}");
    }

    /// <summary>
    /// Cheap integrity check on a cache hit: the object exists with the size recorded at write (a HEAD / stat, not a
    /// download). Same-size corruption is caught by the SHA-256 check on download. Null when it looks intact.
    /// </summary>
    private async Task<string?> CheckObjectAsync(FeatureDataset dataset, CancellationToken ct)
    {
        long? size;
        try
        {
            size = await objects.SizeAsync(dataset.ObjectKey, ct);
        }
        catch (ObjectStoreUnavailableException e)
        {
            // Serving the recorded metadata is still right; the download will retry the store.
            logger.LogWarning("Could not check object {Key}: {Message}", dataset.ObjectKey, e.Message);
            return null;
        }
        if (size is null) return "was missing";
        return size != dataset.SizeBytes ? $"had {size} bytes instead of the {dataset.SizeBytes} recorded at write" : null;
    }

    private async Task<FeatureDataset?> FindAsync(Guid featureId, string versionHash, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.FeatureId == featureId && d.VersionHash == versionHash, ct);
    }

    private async Task<GenerationResult> ComputeAsync(FeatureDefinition definition, LoadedPlugin plugin, ParameterValues parameters,
        GenerationRequest request, BarSnapshot snapshot, Plan plan, HashInputs hashInputs, string versionHash, bool regenerate)
    {
        var budget = TimeSpan.FromSeconds(Math.Max(1, plugins.Options.ComputeTimeoutSeconds));
        using var cts = new CancellationTokenSource(budget);
        var ct = cts.Token;
        Directory.CreateDirectory(paths.TempDirectory);
        var tempFile = Path.Combine(paths.TempDirectory, $"{Guid.NewGuid():N}.parquet");
        try
        {
            var outputs = Call(plugin, () => plugin.Plugin.OutputColumns(parameters));
            var metadata = new Dictionary<string, string>
            {
                ["features.hash_spec"] = "v1",
                ["features.version_hash"] = versionHash,
                ["features.hash_inputs"] = hashInputs.CanonicalJson(),
            };
            var stopwatch = Stopwatch.StartNew();
            Interlocked.Increment(ref _computations);
            var (rows, columns, preview, split) = await RunKernelAsync(plugin, parameters, request, snapshot, plan, outputs, metadata, tempFile, budget, ct);
            var computeMs = stopwatch.ElapsedMilliseconds;

            var (sha256, size) = await HashFileAsync(tempFile);
            var hashMs = stopwatch.ElapsedMilliseconds;
            var prefix = definition.StoragePrefix;
            var objectKey = $"{prefix}{request.Symbol}/{request.Timeframe}/{versionHash}.parquet";
            await objects.PutAsync(tempFile, $"_tmp/{Guid.NewGuid():N}.parquet", objectKey, CancellationToken.None);
            var storeMs = stopwatch.ElapsedMilliseconds;

            var result = await RecordAsync(definition, plugin, parameters, request, plan, versionHash, objectKey, rows, size, sha256, columns, preview, regenerate);
            logger.LogInformation("Computed {Plugin} over {Symbol} {Timeframe}: {Bars} bars read, {Rows} rows; split: plan {PlanMs} ms " +
                                  "(of which fingerprint pass {FingerprintMs} ms), read {ReadMs} ms, kernel {KernelMs} ms, parquet {ParquetMs} ms, " +
                                  "sha256 {HashMs} ms, store {StoreMs} ms, record {RecordMs} ms",
                plugin.Key, request.Symbol, request.Timeframe, plan.BarsRead, rows, plan.ElapsedMs, plan.FingerprintMs,
                split.ReadMs, split.KernelMs, computeMs - split.ReadMs - split.KernelMs, hashMs - computeMs,
                storeMs - hashMs, stopwatch.ElapsedMilliseconds - storeMs);
            return result;
        }
        finally
        {
            TryDelete(tempFile);
        }
    }

    /// <summary>Where a computation's time went: waiting for bars, and inside the plugin (the rest is Parquet).</summary>
    private readonly record struct ComputeSplit(long ReadMs, long KernelMs);

    private async Task<(long Rows, IReadOnlyList<string> Columns, string Preview, ComputeSplit Split)> RunKernelAsync(LoadedPlugin plugin, ParameterValues parameters,
        GenerationRequest request, BarSnapshot snapshot, Plan plan, IReadOnlyList<OutputColumn> outputs, Dictionary<string, string> metadata,
        string tempFile, TimeSpan budget, CancellationToken ct)
    {
        // Auxiliary series (macro prints, a benchmark) are short next to the main series and are held in memory.
        var auxiliary = new Dictionary<string, IAuxiliarySeries>();
        foreach (var aux in plan.Auxiliary)
        {
            var list = new List<Bar>();
            await foreach (var block in snapshot.ReadAsync(aux.Series.Id, long.MinValue, plan.End, BatchRows, ct))
            {
                for (var i = 0; i < block.Count; i++)
                    list.Add(new Bar(block.Timestamp[i], block.Open[i], block.High[i], block.Low[i], block.Close[i], block.Volume[i]));
            }
            auxiliary[aux.Request.Role] = new SeriesCursor(aux.Series.Symbol, aux.Series.Timeframe, list);
        }
        var context = new KernelContext
        {
            Parameters = parameters,
            Symbol = request.Symbol,
            Timeframe = request.Timeframe,
            BarInterval = Timeframes.Interval(request.Timeframe),
            Auxiliary = auxiliary,
            CancellationToken = ct,
        };

        // The kernel runs on its own task so a plugin that never returns cannot hold the request past its budget.
        var work = Task.Run(async () =>
        {
            long readTicks = 0, kernelTicks = 0;
            using var writer = new ParquetDatasetWriter(tempFile, outputs, metadata);
            IFeatureKernel kernel;
            try
            {
                kernel = plugin.Plugin.CreateKernel(context);
            }
            catch (Exception e)
            {
                throw PluginFailure(plugin, e);
            }
            using (kernel)
            {
                // Timestamps of bars fed but not yet answered: look-ahead kernels answer late, in order.
                var pending = new Queue<long>();
                var rowTimestamps = new long[BatchRows];
                var bars = snapshot.ReadAsync(plan.Series.Id, plan.ReadFrom, plan.End, BatchRows, ct).GetAsyncEnumerator(ct);
                try
                {
                    while (true)
                    {
                        var waited = Stopwatch.GetTimestamp();
                        var more = await bars.MoveNextAsync();
                        readTicks += Stopwatch.GetTimestamp() - waited;
                        if (!more) break;
                        var block = bars.Current;
                        ct.ThrowIfCancellationRequested();
                        for (var i = 0; i < block.Count; i++) pending.Enqueue(block.Timestamp[i]);
                        var computing = Stopwatch.GetTimestamp();
                        using var input = ToBatch(block);
                        RecordBatch output;
                        try
                        {
                            output = kernel.Process(input);
                        }
                        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                        {
                            throw PluginFailure(plugin, e);
                        }
                        kernelTicks += Stopwatch.GetTimestamp() - computing;
                        using (output) Write(plugin, writer, output, pending, plan.Start, ref rowTimestamps, outputs.Count);
                    }
                }
                finally
                {
                    await bars.DisposeAsync();
                }
                RecordBatch? rest;
                try
                {
                    rest = kernel.Flush();
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    throw PluginFailure(plugin, e);
                }
                if (rest is not null)
                {
                    using (rest) Write(plugin, writer, rest, pending, plan.Start, ref rowTimestamps, outputs.Count);
                }
                if (pending.Count > 0)
                {
                    throw PluginFailure(plugin, new InvalidOperationException($"returned {pending.Count} fewer rows than bars"));
                }
            }
            writer.Close();
            var split = new ComputeSplit((long)(readTicks * 1000.0 / Stopwatch.Frequency), (long)(kernelTicks * 1000.0 / Stopwatch.Frequency));
            return (writer.Rows, writer.Columns, JsonSerializer.Serialize(writer.Preview), split);
        }, ct);

        try
        {
            return await work.WaitAsync(budget + TimeSpan.FromSeconds(1));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException && ct.IsCancellationRequested)
        {
            _ = work.ContinueWith(t => TryDelete(tempFile), TaskScheduler.Default);
            throw new ProblemException(500, "Plugin timed out", $"plugin '{plugin.Key}' ran past its time budget of {budget.TotalSeconds:0} s and was cancelled; nothing was stored");
        }
    }

    private static void Write(LoadedPlugin plugin, ParquetDatasetWriter writer, RecordBatch output, Queue<long> pending, long start, ref long[] timestamps, int columnCount)
    {
        if (output.ColumnCount != columnCount)
        {
            throw PluginFailure(plugin, new InvalidOperationException($"returned {output.ColumnCount} columns, its descriptor declares {columnCount}"));
        }
        if (output.Length > pending.Count)
        {
            throw PluginFailure(plugin, new InvalidOperationException($"returned {output.Length} rows for {pending.Count} pending bars"));
        }
        if (timestamps.Length < output.Length) timestamps = new long[output.Length];
        var skip = 0;
        var count = 0;
        for (var i = 0; i < output.Length; i++)
        {
            var ts = pending.Dequeue();
            // Warm-up rows before start_date are computed but not stored.
            if (ts < start) skip++;
            else timestamps[count++] = ts;
        }
        writer.Append(timestamps, count, output, skip);
    }

    private static RecordBatch ToBatch(BarBlock block)
    {
        var n = block.Count;
        return BarSchema.Create(block.Timestamp[..n], block.Open[..n], block.High[..n], block.Low[..n], block.Close[..n], block.Volume[..n]);
    }

    /// <summary>Runs plugin code outside the kernel; whatever it throws is reported as that plugin's failure.</summary>
    private static T Call<T>(LoadedPlugin plugin, Func<T> f)
    {
        try
        {
            return f();
        }
        catch (Exception e) when (e is not ProblemException)
        {
            throw PluginFailure(plugin, e);
        }
    }

    private static ProblemException PluginFailure(LoadedPlugin plugin, Exception e) =>
        new(500, "Plugin failed", $"plugin '{plugin.Key}' ({plugin.Version}) failed: {e.GetType().Name}: {e.Message}; nothing was stored", null, e);

    private async Task<GenerationResult> RecordAsync(FeatureDefinition definition, LoadedPlugin plugin, ParameterValues parameters,
        GenerationRequest request, Plan plan, string versionHash, string objectKey, long rows, long size, string sha256,
        IReadOnlyList<string> columns, string preview, bool regenerate)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var existing = await db.Datasets.SingleOrDefaultAsync(d => d.FeatureId == definition.Id && d.VersionHash == versionHash);
        if (existing is not null)
        {
            // Same inputs: the object was rewritten with identical content; refresh what was recorded of it.
            existing.ObjectSha256 = sha256;
            existing.SizeBytes = size;
            existing.ObjectKey = objectKey;
            existing.StorageUri = objects.UriFor(objectKey);
            await db.SaveChangesAsync();
            return new GenerationResult(existing, !regenerate, plan.Notes);
        }

        var previous = await db.Datasets.AsNoTracking()
            .Where(d => d.FeatureId == definition.Id && d.Symbol == request.Symbol && d.Timeframe == request.Timeframe
                        && d.StartDate == request.StartDate && d.EndDate == request.EndDate)
            .OrderByDescending(d => d.CreatedAt).FirstOrDefaultAsync();
        var dataset = new FeatureDataset
        {
            Id = Guid.NewGuid(),
            FeatureId = definition.Id,
            VersionHash = versionHash,
            Symbol = request.Symbol,
            Timeframe = request.Timeframe,
            StartDate = request.StartDate,
            EndDate = request.EndDate,
            SourceFingerprint = plan.Fingerprint,
            PluginKey = plugin.Key,
            PluginVersion = plugin.Version,
            ParametersJson = CanonicalJson.Serialize(parameters.Values),
            ObjectKey = objectKey,
            StorageUri = objects.UriFor(objectKey),
            RowCount = rows,
            SizeBytes = size,
            ObjectSha256 = sha256,
            ColumnsJson = JsonSerializer.Serialize(columns),
            PreviewJson = preview,
            SupersedesId = previous?.Id,
            CreatedAt = StorageClock.UtcNow,
        };
        db.Datasets.Add(dataset);
        var feature = await db.Features.SingleOrDefaultAsync(f => f.Id == definition.Id)
                      ?? throw ProblemException.NotFound("Feature not found");
        feature.StorageUri ??= objects.UriFor(feature.StoragePrefix);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another instance recorded the same hash first; its object is byte-identical to ours.
            var winner = await FindAsync(definition.Id, versionHash, CancellationToken.None);
            if (winner is null) throw;
            return new GenerationResult(winner, true, plan.Notes);
        }
        return new GenerationResult(dataset, false, plan.Notes);
    }

    private static async Task<(string Sha256, long Size)> HashFileAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream);
        return (Convert.ToHexStringLower(hash), stream.Length);
    }

    public static long Micros(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
