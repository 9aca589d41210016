using System.Text.Json;
using Features.Host.Errors;
using Features.Host.MarketData;
using Features.Host.Plugins;
using Features.Host.Storage.Entities;
using Features.PluginSdk;

namespace Features.Host.Generation;

/// <summary>One feature's plugin and validated parameters, over one request's symbol, timeframe and range.</summary>
public sealed record PlanRequest(LoadedPlugin Plugin, ParameterValues Parameters, GenerationRequest Request)
{
    public HashInputs HashInputs(string fingerprint) => new(Plugin.Key, Plugin.Version, Parameters.Values, Request.Symbol, Request.Timeframe,
        Request.StartDate, Request.EndDate, fingerprint);
}

/// <summary>
/// Works out what a generate reads (DESIGN.md, pipeline steps 2-3): the main series and range, the warm-up bars the
/// plugin declares, the auxiliary series its parameters name, and the fingerprint of all of them, which fixes the
/// version hash. What a plan found is kept by <see cref="PlanFactsCache"/>, so a repeated plan reads no bars.
/// </summary>
public sealed class GenerationPlanner(PlanFactsCache cache, Configuration.FeaturesOptions options, GenerationTelemetry telemetry, Events.EventSources events)
{
    /// <summary>Bars per block read from the store and per batch fed to a kernel.</summary>
    public const int BatchRows = 65_536;

    public static ParameterValues ResolveParameters(LoadedPlugin plugin, string parametersJson)
    {
        using var doc = JsonDocument.Parse(parametersJson);
        var raw = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        return PluginCalls.Call(plugin, () => plugin.ResolveParameters(raw));
    }

    /// <summary>A remembered plan over the series as last committed, or null: working one out reads bars, which needs a snapshot.</summary>
    public Task<GenerationPlan?> RecallAsync(ISeriesCatalog catalog, PlanRequest request, CancellationToken ct) => PlanAsync(catalog, null, request, null, ct);

    /// <summary>
    /// Remembered plans of many requests (a job's chunk) with one lookup of their facts. Each entry is the plan, null when
    /// nothing is remembered (noted in <paramref name="batch"/>, so planning it in a snapshot asks no one again), or the
    /// problem the request has (no such series, no bars in range).
    /// </summary>
    public async Task<IReadOnlyList<(GenerationPlan? Plan, Errors.ProblemException? Problem)>> RecallAsync(ISeriesCatalog catalog, IReadOnlyList<PlanRequest> requests,
        PlanBatch batch, CancellationToken ct)
    {
        var inputs = new List<PlanInputs?>(requests.Count);
        var results = new (GenerationPlan? Plan, ProblemException? Problem)[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            try
            {
                inputs.Add(await ResolveInputsAsync(catalog, requests[i], ct));
            }
            catch (ProblemException e) when (e.Status != 503)
            {
                inputs.Add(null);
                results[i] = (null, e);
            }
        }
        var found = await cache.FindAsync([.. inputs.OfType<PlanInputs>().Select(i => i.CacheKey)], ct);
        for (var i = 0; i < requests.Count; i++)
        {
            if (inputs[i] is not { } input) continue;
            if (!found.TryGetValue(input.CacheKey, out var facts))
            {
                batch.Absent.Add(input.CacheKey);
                continue;
            }
            try
            {
                CheckBarLimit(facts.BarsRead);
                results[i] = (new GenerationPlan(input, facts, [.. facts.Notes], TimeSpan.Zero, TimeSpan.Zero), null);
            }
            catch (ProblemException e)
            {
                results[i] = (null, e);
            }
        }
        return results;
    }

    /// <summary>The plan inside a snapshot: remembered, or worked out from the snapshot's bars and remembered.</summary>
    public async Task<GenerationPlan> PlanAsync(BarSnapshot snapshot, PlanRequest request, CancellationToken ct) =>
        (await PlanAsync(snapshot, snapshot, request, null, ct))!;

    /// <summary>
    /// A plan of one of several features over one snapshot (a job's symbol): plans that read the same bars share one
    /// fingerprint pass, and their new facts wait in <paramref name="batch"/> for <see cref="SaveAsync(PlanBatch)"/>.
    /// </summary>
    public async Task<GenerationPlan> PlanAsync(BarSnapshot snapshot, PlanRequest request, PlanBatch batch, CancellationToken ct) =>
        (await PlanAsync(snapshot, snapshot, request, batch, ct))!;

    /// <summary>Records the facts a batch of plans found since the last call, in one transaction.</summary>
    public Task SaveAsync(PlanBatch batch)
    {
        var found = batch.NewFacts.DistinctBy(f => f.Key).ToList();
        batch.NewFacts.Clear();
        return cache.SaveAsync(found);
    }

    private async Task<GenerationPlan?> PlanAsync(ISeriesCatalog catalog, BarSnapshot? snapshot, PlanRequest request, PlanBatch? batch, CancellationToken ct)
    {
        using var stage = GenerationTelemetry.Start("plan").Tag("features.plan.in_snapshot", snapshot is not null);
        var inputs = await ResolveInputsAsync(catalog, request, ct);
        var facts = batch is not null && batch.Absent.Contains(inputs.CacheKey) ? cache.Remembered(inputs.CacheKey) : await cache.FindAsync(inputs.CacheKey, ct);
        stage.Tag("features.plan.remembered", facts is not null);
        var fingerprintPass = TimeSpan.Zero;
        if (facts is null)
        {
            if (snapshot is null) return null;
            var started = BusyTime.Now;
            facts = await FindFactsAsync(snapshot, inputs, request.Request, batch, ct);
            fingerprintPass = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            stage.Tag("features.fingerprint_ms", (long)fingerprintPass.TotalMilliseconds);
            if (batch is null) await cache.SaveAsync(inputs.CacheKey, inputs.Series, facts);
            else batch.Found(cache, inputs.CacheKey, inputs.Series, facts);
        }
        CheckBarLimit(facts.BarsRead);
        return new GenerationPlan(inputs, facts, [.. facts.Notes], stage.Elapsed, fingerprintPass);
    }

    private async Task<PlanInputs> ResolveInputsAsync(ISeriesCatalog catalog, PlanRequest planRequest, CancellationToken ct)
    {
        var (plugin, parameters, request) = planRequest;
        var start = request.Start;
        var end = request.End;
        var series = await catalog.FindSeriesAsync(request.Symbol, request.Timeframe, ct);
        if (series is null || series.BarCount == 0)
        {
            throw ProblemException.Invalid("symbol", $"the Market Data Layer has no {request.Timeframe} bars for '{request.Symbol}'; ingest them with POST /api/v1/market-data/{request.Symbol}/{request.Timeframe}");
        }
        if (series.FirstTimestamp >= end || series.LastTimestamp < start)
        {
            throw NoBarsInRange(request, series);
        }
        var warmup = Math.Max(0, PluginCalls.Call(plugin, () => plugin.Plugin.WarmupBars(parameters)));
        var auxiliary = new List<AuxiliaryInput>();
        foreach (var aux in PluginCalls.Call(plugin, () => plugin.Plugin.AuxiliarySeries(parameters).ToList()))
        {
            auxiliary.Add(new AuxiliaryInput(aux, await ResolveAuxiliaryAsync(catalog, aux, request.Timeframe, ct)));
        }
        var eventInputs = await events.ResolveAsync(catalog, plugin, parameters, series, ct);
        return new PlanInputs(series, start, end, warmup, auxiliary, eventInputs);
    }

    /// <summary>Reads the snapshot: where the warm-up starts, how many bars, and the fingerprint pass over all of them.</summary>
    private async Task<PlanFacts> FindFactsAsync(BarSnapshot snapshot, PlanInputs inputs, GenerationRequest request, PlanBatch? batch, CancellationToken ct)
    {
        var (series, start, end, warmup, _, _) = inputs;
        if (await snapshot.CountAsync(series.Id, start, end, ct) == 0) throw NoBarsInRange(request, series);
        var readFrom = await snapshot.WarmupStartAsync(series.Id, start, warmup, ct);
        var barsToRead = await snapshot.CountAsync(series.Id, readFrom, end, ct);
        foreach (var input in inputs.Others) barsToRead += await input.CountAsync(snapshot, end, ct);
        CheckBarLimit(barsToRead);
        // What the pass reads is fixed by where it starts, not by the warm-up that put it there: features whose
        // warm-ups reach back to the same bar share one pass.
        var readKey = $"{series.Id}@{series.Revision}:{readFrom}:{end}" + string.Concat(inputs.Others.Select(i => i.CacheKey)) + string.Concat(inputs.Events.Select(e => e.CacheKey));
        if (batch is null || !batch.Fingerprints.TryGetValue(readKey, out var read))
        {
            read = await FingerprintAsync(snapshot, inputs, readFrom, ct);
            batch?.Fingerprints.Add(readKey, read);
        }
        var warmupRead = await snapshot.CountAsync(series.Id, readFrom, start, ct);
        string[] notes = warmupRead < warmup ? [$"only {warmupRead} of the {warmup} warm-up bars exist before start_date; early rows may be null"] : [];
        return new PlanFacts(readFrom, read.Fingerprint, read.Bars, notes);
    }

    private async Task<(string Fingerprint, long Bars)> FingerprintAsync(BarSnapshot snapshot, PlanInputs inputs, long readFrom, CancellationToken ct)
    {
        var (series, _, end, _, _, _) = inputs;
        using var fingerprint = new SourceFingerprint();
        var lastBar = long.MinValue;
        await foreach (var block in snapshot.ReadAsync(series.Id, readFrom, end, BatchRows, ct))
        {
            fingerprint.Append(block);
            if (block.Count > 0) lastBar = block.Timestamp[block.Count - 1];
        }
        foreach (var input in inputs.Others) await input.AppendAsync(snapshot, fingerprint, end, ct);
        foreach (var input in inputs.Events) await input.AppendAsync(snapshot, fingerprint, series.Id, readFrom, lastBar, ct);
        telemetry.BarsRead(fingerprint.Bars);
        return (fingerprint.Finish(), fingerprint.Bars);
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
}

/// <summary>
/// Plans made together over one snapshot (the features of a job's symbol): the fingerprints of the reads they share,
/// and the facts they found, which <see cref="GenerationPlanner.SaveAsync(PlanBatch)"/> records in one transaction.
/// </summary>
public sealed class PlanBatch
{
    internal Dictionary<string, (string Fingerprint, long Bars)> Fingerprints { get; } = [];

    /// <summary>Plan-cache keys just looked up and not found: planning them reads bars without asking again.</summary>
    internal HashSet<string> Absent { get; } = new(StringComparer.Ordinal);

    internal List<(string Key, BarSeries Series, PlanFacts Facts)> NewFacts { get; } = [];

    internal void Found(PlanFactsCache cache, string key, BarSeries series, PlanFacts facts)
    {
        cache.Remember(key, facts);
        NewFacts.Add((key, series, facts));
    }
}
