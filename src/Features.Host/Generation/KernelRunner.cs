using System.Diagnostics;
using Features.Host.MarketData;
using Features.Host.Plugins;
using Features.PluginSdk;

namespace Features.Host.Generation;

/// <summary>
/// Runs one or several kernels over ONE read of a series' bars: the pass reads [earliest ReadFrom, End) once, in
/// blocks, and every <see cref="KernelFeed"/> takes its part, so each run's file is byte for byte what its single
/// generate writes. A generate is a pass of one run; a batch job's symbol is a pass of many.
/// <para>
/// The pass runs on its own task within its budget (<see cref="KernelPass.Budget"/>), so a plugin that never returns
/// cannot hold its caller: past the budget the pass is cancelled and the failure names the plugin that was running.
/// Any failure fails the whole pass (the caller stores nothing of it).
/// </para>
/// </summary>
public sealed class KernelRunner(GenerationTelemetry telemetry)
{
    private long _computations;

    /// <summary>How many kernels this host ran (tests use it to prove that identical requests compute once).</summary>
    internal long Computations => Interlocked.Read(ref _computations);

    public async Task<KernelPassResult> RunAsync(KernelPass pass, CancellationToken ct)
    {
        if (pass.Runs.Count == 0) throw new ArgumentException("a pass needs at least one kernel run", nameof(pass));
        Interlocked.Add(ref _computations, pass.Runs.Count);
        var budget = pass.Budget;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(budget);
        var state = new PassState();
        var work = Task.Run(() => PassAsync(pass, state, cts.Token), cts.Token);
        try
        {
            return await work.WaitAsync(budget + TimeSpan.FromSeconds(1), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && (e is TimeoutException || e is OperationCanceledException && cts.IsCancellationRequested))
        {
            // The plugin may still be inside its call: its files go once it lets go.
            _ = work.ContinueWith(_ => DeleteOutputs(pass), TaskScheduler.Default);
            var plugin = state.Plugin ?? pass.Runs[0].Plugin;
            throw PluginCalls.TimedOut(plugin, pass.Runs.First(r => r.Plugin == plugin).Budget);
        }
    }

    private async Task<KernelPassResult> PassAsync(KernelPass pass, PassState state, CancellationToken ct)
    {
        var parent = Activity.Current?.Context ?? default;
        var read = GenerationTelemetry.Start("read", parent).Tag("features.kernels", pass.Runs.Count);
        var feeds = new List<KernelFeed>(pass.Runs.Count);
        try
        {
            var started = BusyTime.Now;
            var auxiliary = await LoadAuxiliaryAsync(pass, ct);
            state.ReadBusy.Add(started);
            state.Bars = auxiliary.Values.Sum(a => (long)a.Count);
            foreach (var run in pass.Runs)
            {
                started = BusyTime.Now;
                var events = await OpenEventsAsync(pass, run, ct);
                state.ReadBusy.Add(started);
                state.Plugin = run.Plugin;
                feeds.Add(KernelFeed.Open(run, Context(pass, run, auxiliary, events, ct), pass.ReadFrom, parent));
            }
            await FeedAsync(pass, feeds, state, ct);
            telemetry.BarsRead(state.Bars);
            read.Tag("features.bars", state.Bars).Tag("features.busy_ms", state.ReadBusy.Milliseconds).Dispose();
            var results = new List<KernelRunResult>(feeds.Count);
            foreach (var feed in feeds) results.Add(feed.Finish());
            return new KernelPassResult(results, state.Bars, state.ReadBusy.Elapsed);
        }
        catch (Exception e)
        {
            read.Fail(e);
            throw;
        }
        finally
        {
            foreach (var feed in feeds) feed.Dispose();
            read.Dispose();
        }
    }

    /// <summary>The one read: every block to every feed, then each feed's end.</summary>
    private static async Task FeedAsync(KernelPass pass, List<KernelFeed> feeds, PassState state, CancellationToken ct)
    {
        await using (var blocks = pass.Snapshot.ReadAsync(pass.Series.Id, pass.ReadFrom, pass.End, GenerationPlanner.BatchRows, ct).GetAsyncEnumerator(ct))
        {
            while (true)
            {
                var started = BusyTime.Now;
                var more = await blocks.MoveNextAsync();
                state.ReadBusy.Add(started);
                if (!more) break;
                ct.ThrowIfCancellationRequested();
                state.Bars += blocks.Current.Count;
                foreach (var feed in feeds)
                {
                    state.Plugin = feed.Run.Plugin;
                    feed.Offer(blocks.Current);
                }
            }
        }
        foreach (var feed in feeds)
        {
            state.Plugin = feed.Run.Plugin;
            feed.Complete();
        }
        state.Plugin = null;
    }

    /// <summary>Each auxiliary series once, however many runs read it (each run gets its own cursor over it).</summary>
    private static async Task<Dictionary<int, IReadOnlyList<Bar>>> LoadAuxiliaryAsync(KernelPass pass, CancellationToken ct)
    {
        var loaded = new Dictionary<int, IReadOnlyList<Bar>>();
        foreach (var aux in pass.Runs.SelectMany(r => r.Auxiliary))
        {
            if (!loaded.ContainsKey(aux.Series.Id)) loaded[aux.Series.Id] = await aux.LoadAsync(pass.Snapshot, pass.End, ct);
        }
        return loaded;
    }

    /// <summary>The run's event feeds by role, read inside the pass's snapshot (what its fingerprint covers, and the rest of the range).</summary>
    private static async Task<Dictionary<string, EventFeed>> OpenEventsAsync(KernelPass pass, KernelRun run, CancellationToken ct)
    {
        var feeds = new Dictionary<string, EventFeed>(StringComparer.Ordinal);
        foreach (var input in run.Events) feeds[input.Request.Role] = await input.OpenAsync(pass.Snapshot, pass.Series.Id, run.ReadFrom, pass.End, ct);
        return feeds;
    }

    private static KernelContext Context(KernelPass pass, KernelRun run, Dictionary<int, IReadOnlyList<Bar>> auxiliary,
        Dictionary<string, EventFeed> events, CancellationToken ct) => new()
    {
        Parameters = run.Parameters,
        Symbol = pass.Series.Symbol,
        Timeframe = pass.Series.Timeframe,
        BarInterval = Timeframes.Interval(pass.Series.Timeframe),
        Auxiliary = run.Auxiliary.ToDictionary(a => a.Request.Role,
            a => (IAuxiliarySeries)new SeriesCursor(a.Series.Symbol, a.Series.Timeframe, auxiliary[a.Series.Id])),
        Events = events,
        CancellationToken = ct,
    };

    private static void DeleteOutputs(KernelPass pass)
    {
        foreach (var run in pass.Runs) TempFiles.TryDelete(run.Output.Path);
    }

    /// <summary>A pass's progress: the plugin whose code it is in (or about to enter, for the time-out message), bars read, time reading.</summary>
    private sealed class PassState
    {
        private volatile LoadedPlugin? _plugin;
        public BusyTime ReadBusy;
        public long Bars;

        public LoadedPlugin? Plugin
        {
            get => _plugin;
            set => _plugin = value;
        }
    }
}
