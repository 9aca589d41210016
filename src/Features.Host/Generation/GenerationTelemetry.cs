using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Features.Host.Generation;

/// <summary>
/// The generate pipeline's traces and metrics, both named <see cref="Name"/> (docs/ARCHITECTURE.md lists them).
/// One trace per generate: a <c>generate</c> span with children <c>plan</c>, <c>read</c> (the bar pass),
/// <c>kernel</c> (one per kernel), <c>write</c> (one per Parquet file), <c>store</c> and <c>record</c>. The spans
/// wrap the boxes; nothing is created per batch. With no exporter configured no listener exists, the source hands
/// out no activities, and what remains is a timestamp per stage for the log line.
/// </summary>
public sealed class GenerationTelemetry
{
    public const string Name = "Features.Generation";

    private static readonly ActivitySource Source = new(Name);

    /// <summary>Set inside <see cref="Mute"/>: the start-up warm-up's scratch job is neither traced nor counted.</summary>
    private static readonly AsyncLocal<bool> Muted = new();

    private readonly Counter<long> _generates;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _barsRead;
    private readonly Counter<long> _bytesWritten;

    private readonly ILogger<GenerationTelemetry> _logger;

    public GenerationTelemetry(IMeterFactory meters, ILogger<GenerationTelemetry> logger)
    {
        _logger = logger;
        var meter = meters.Create(Name);
        _generates = meter.CreateCounter<long>("features.generates", "{generate}", "Generate and regenerate requests answered (tag features.cached: reused or computed)");
        _cacheHits = meter.CreateCounter<long>("features.cache_hits", "{generate}", "Generates answered with a recorded dataset, without running a kernel");
        _barsRead = meter.CreateCounter<long>("features.bars_read", "{bar}", "Bars read out of the bar store by the pipeline (fingerprint pass and kernel pass)");
        _bytesWritten = meter.CreateCounter<long>("features.bytes_written", "By", "Bytes of Parquet written and stored");
    }

    /// <summary>
    /// Nothing started in this flow until the scope ends (threads it starts included: they inherit the flow) makes a
    /// span or counts in a metric. For the start-up warm-up, whose job is not the operator's work.
    /// </summary>
    public static IDisposable Mute()
    {
        var before = Muted.Value;
        Muted.Value = true;
        return new Unmute(before);
    }

    private sealed class Unmute(bool before) : IDisposable
    {
        public void Dispose() => Muted.Value = before;
    }

    /// <summary>Starts a span (when anything listens) and its clock (always).</summary>
    public static Stage Start(string name, ActivityContext parent = default) =>
        new(Muted.Value ? null : Source.StartActivity(name, ActivityKind.Internal, parent));

    /// <summary>
    /// Starts the span of one generate: a child of a recorded span (an instrumented HTTP request), else the root of its
    /// own trace, linked to the ambient activity. ASP.NET Core starts an unrecorded activity per request whenever
    /// logging is on, and under it the default parent-based sampler would drop every span of the generate.
    /// </summary>
    public static Stage StartTrace(string name)
    {
        var ambient = Activity.Current;
        if (Muted.Value || ambient is null || ambient.Recorded) return Start(name);
        Activity.Current = null;
        var activity = Source.StartActivity(name, ActivityKind.Internal, default(ActivityContext), links: [new ActivityLink(ambient.Context)]);
        if (activity is null) Activity.Current = ambient;
        return new Stage(activity);
    }

    public void Answered(bool cached)
    {
        if (Muted.Value) return;
        _generates.Add(1, new KeyValuePair<string, object?>("features.cached", cached));
        if (cached) _cacheHits.Add(1);
    }

    public void BarsRead(long bars)
    {
        if (!Muted.Value) _barsRead.Add(bars);
    }

    public void BytesWritten(long bytes)
    {
        if (!Muted.Value) _bytesWritten.Add(bytes);
    }

    /// <summary>The "Computed ... split: ..." line (bench/e2e.sh reads it): the stage clocks and the pass's busy times.</summary>
    public void Computed(PlannedDataset dataset, KernelRunResult run, KernelPassResult pass, TimeSpan store, TimeSpan record)
    {
        if (!_logger.IsEnabled(LogLevel.Information)) return;
        var (plan, request, file) = (dataset.Plan, dataset.Request.Request, run.Dataset);
        _logger.LogInformation("Computed {Plugin} over {Symbol} {Timeframe}: {Bars} bars read, {Rows} rows; split: plan {PlanMs} ms " +
                               "(of which fingerprint pass {FingerprintMs} ms), read {ReadMs} ms, kernel {KernelMs} ms, parquet and sha256 {ParquetMs} ms, " +
                               "store {StoreMs} ms, record {RecordMs} ms",
            run.Run.Plugin.Key, request.Symbol, request.Timeframe, plan.BarsRead, file.Rows, Ms(plan.Elapsed), Ms(plan.FingerprintPass),
            Ms(pass.ReadBusy), Ms(run.KernelBusy), Ms(file.Writing), Ms(store), Ms(record));
    }

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;
}

/// <summary>A span and its elapsed time; the time is kept for the log line when no span was created.</summary>
public sealed class Stage(Activity? activity) : IDisposable
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private TimeSpan? _elapsed;

    public Activity? Activity => activity;

    public TimeSpan Elapsed => _elapsed ?? Stopwatch.GetElapsedTime(_started);

    public Stage Tag(string key, object? value)
    {
        activity?.SetTag(key, value);
        return this;
    }

    /// <summary>Marks the span failed with the exception's message (the exception itself propagates).</summary>
    public void Fail(Exception e) => activity?.SetStatus(ActivityStatusCode.Error, e.Message);

    public void Dispose()
    {
        _elapsed ??= Stopwatch.GetElapsedTime(_started);
        activity?.Dispose();
    }
}

/// <summary>
/// Time spent inside one box of a streaming pass (reading, one kernel, one writer), summed over its calls: the pass
/// interleaves them, so their spans overlap and only these sums say where the time went. Two timestamps per batch.
/// </summary>
public struct BusyTime
{
    private long _ticks;

    public static long Now => Stopwatch.GetTimestamp();

    public void Add(long since) => _ticks += Stopwatch.GetTimestamp() - since;

    public readonly TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, _ticks);

    public readonly long Milliseconds => (long)Elapsed.TotalMilliseconds;
}
