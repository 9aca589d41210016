using System.Buffers;
using System.Diagnostics;
using Apache.Arrow;
using Features.Host.Errors;
using Features.Host.MarketData;
using Features.PluginSdk;

namespace Features.Host.Generation;

/// <summary>
/// One kernel inside a pass: takes the pass's bar blocks, keeps those from its own ReadFrom on and batches them as
/// its single generate would (<see cref="GenerationPlanner.BatchRows"/> bars from ReadFrom), runs the plugin on them,
/// matches its output rows to the bars they answer (look-ahead kernels answer late), drops warm-up rows before its
/// Start and hands the rest to its <see cref="DatasetWriter"/>. Whatever the plugin throws or returns wrong names it.
/// </summary>
internal sealed class KernelFeed : IDisposable
{
    private readonly KernelRun _run;
    private readonly IFeatureKernel _kernel;
    private readonly DatasetWriter _writer;
    private readonly Stage _stage;
    private readonly CancellationToken _ct;
    private readonly EventFeed[] _events;
    // Timestamps of bars fed but not yet answered.
    private readonly PendingTimestamps _pending = new();
    // Null when the feed starts where the pass does: the pass's blocks are then exactly its batches.
    private readonly BarBlock? _batch;
    // Grown to the largest output batch (most series are far shorter than a batch); pooled, as a job opens a feed per
    // feature and symbol.
    private long[] _rowTimestamps = [];
    private BusyTime _busy;

    private KernelFeed(KernelRun run, IFeatureKernel kernel, DatasetWriter writer, Stage stage, bool rebatch, KernelContext context)
    {
        (_run, _kernel, _writer, _stage, _ct) = (run, kernel, writer, stage, context.CancellationToken);
        _events = [.. context.Events.Values];
        _batch = rebatch ? new BarBlock(BarChunks.MaxBars) : null;
    }

    public KernelRun Run => _run;

    public static KernelFeed Open(KernelRun run, KernelContext context, long passReadFrom, ActivityContext parent)
    {
        var stage = GenerationTelemetry.Start("kernel", parent).Tag("features.plugin", run.Plugin.Key);
        DatasetWriter? writer = null;
        try
        {
            writer = new DatasetWriter(run.Output, parent);
            var kernel = PluginCalls.Call(run.Plugin, () => run.Plugin.Plugin.CreateKernel(context));
            return new KernelFeed(run, kernel, writer, stage, run.ReadFrom > passReadFrom, context);
        }
        catch
        {
            writer?.Dispose();
            stage.Dispose();
            throw;
        }
    }

    /// <summary>Takes the bars of a pass block that are this kernel's (from its ReadFrom on).</summary>
    public void Offer(BarBlock block)
    {
        if (_batch is null)
        {
            Process(block);
            return;
        }
        if (block.Count == 0 || block.Timestamp[block.Count - 1] < _run.ReadFrom) return;
        for (var i = block.LowerBound(_run.ReadFrom); i < block.Count;)
        {
            if (_batch.Count == _batch.Capacity) _batch.EnsureCapacity(_batch.NextCapacity(GenerationPlanner.BatchRows));
            var n = Math.Min(block.Count - i, _batch.Capacity - _batch.Count);
            _batch.AddRange(block, i, n);
            i += n;
            if (_batch.Count == GenerationPlanner.BatchRows) ProcessBatch();
        }
    }

    /// <summary>After the last block: the last partial batch, then the rows the kernel still holds back.</summary>
    public void Complete()
    {
        if (_batch is { Count: > 0 }) ProcessBatch();
        var rest = Guarded(_kernel.Flush);
        if (rest is not null)
        {
            using (rest) Write(rest);
        }
        if (_pending.Count > 0) throw PluginCalls.Failure(_run.Plugin, $"returned {_pending.Count} fewer rows than bars");
    }

    public KernelRunResult Finish()
    {
        var dataset = _writer.Finish();
        _stage.Tag("features.busy_ms", _busy.Milliseconds);
        return new KernelRunResult(_run, dataset, _busy.Elapsed);
    }

    private void ProcessBatch()
    {
        Process(_batch!);
        _batch!.Count = 0;
    }

    private void Process(BarBlock block)
    {
        _pending.Add(block.Timestamp.AsSpan(0, block.Count));
        // Events become readable with the bars that carry them, never earlier.
        if (block.Count > 0) foreach (var feed in _events) feed.Release(block.Timestamp[block.Count - 1]);
        using var input = BarBatchView.Of(block);
        var output = Guarded(() => _kernel.Process(input));
        using (output) Write(output);
    }

    private T Guarded<T>(Func<T> call)
    {
        var started = BusyTime.Now;
        try
        {
            return call();
        }
        catch (Exception e) when (e is not ProblemException && (e is not OperationCanceledException || !_ct.IsCancellationRequested))
        {
            throw PluginCalls.Failure(_run.Plugin, e);
        }
        finally
        {
            _busy.Add(started);
        }
    }

    private void Write(RecordBatch output)
    {
        var columns = _run.Output.Outputs.Count;
        if (output.ColumnCount != columns) throw PluginCalls.Failure(_run.Plugin, $"returned {output.ColumnCount} columns, its descriptor declares {columns}");
        if (output.Length > _pending.Count) throw PluginCalls.Failure(_run.Plugin, $"returned {output.Length} rows for {_pending.Count} pending bars");
        if (_rowTimestamps.Length < output.Length)
        {
            if (_rowTimestamps.Length > 0) ArrayPool<long>.Shared.Return(_rowTimestamps);
            _rowTimestamps = ArrayPool<long>.Shared.Rent(output.Length);
        }
        var skip = 0;
        var count = 0;
        for (var i = 0; i < output.Length; i++)
        {
            var ts = _pending.Dequeue();
            // Warm-up rows before the start are computed but not stored.
            if (ts < _run.Start) skip++;
            else _rowTimestamps[count++] = ts;
        }
        _writer.Append(_rowTimestamps, count, output, skip);
    }

    public void Dispose()
    {
        try
        {
            _kernel.Dispose();
        }
        finally
        {
            _pending.Dispose();
            if (_rowTimestamps.Length > 0) ArrayPool<long>.Shared.Return(_rowTimestamps);
            _rowTimestamps = [];
            _writer.Dispose();
            _stage.Dispose();
        }
    }
}

/// <summary>
/// The timestamps of bars fed to a kernel and not yet answered, first in first out, in a ring rented from the shared
/// array pool: a job opens a feed per feature and symbol, and a growing queue per feed was a tenth of its allocations.
/// </summary>
internal sealed class PendingTimestamps : IDisposable
{
    private long[] _ring = [];
    private int _head;

    public int Count { get; private set; }

    public void Add(ReadOnlySpan<long> timestamps)
    {
        if (timestamps.IsEmpty) return;
        if (Count + timestamps.Length > _ring.Length) Grow(Count + timestamps.Length);
        var tail = (_head + Count) % _ring.Length;
        var first = Math.Min(timestamps.Length, _ring.Length - tail);
        timestamps[..first].CopyTo(_ring.AsSpan(tail));
        timestamps[first..].CopyTo(_ring);
        Count += timestamps.Length;
    }

    public long Dequeue()
    {
        if (Count == 0) throw new InvalidOperationException("no pending bar");
        var value = _ring[_head];
        _head = (_head + 1) % _ring.Length;
        Count--;
        return value;
    }

    private void Grow(int needed)
    {
        var bigger = ArrayPool<long>.Shared.Rent(Math.Max(needed, 2 * _ring.Length));
        // Unwrapped into the new ring's start.
        var first = Math.Min(Count, _ring.Length - _head);
        _ring.AsSpan(_head, first).CopyTo(bigger);
        _ring.AsSpan(0, Count - first).CopyTo(bigger.AsSpan(first));
        Release();
        _ring = bigger;
        _head = 0;
    }

    private void Release()
    {
        if (_ring.Length > 0) ArrayPool<long>.Shared.Return(_ring);
        _ring = [];
    }

    public void Dispose()
    {
        Release();
        Count = 0;
        _head = 0;
    }
}
