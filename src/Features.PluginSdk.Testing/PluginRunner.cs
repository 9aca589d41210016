using System.Runtime.InteropServices;
using Apache.Arrow;

namespace Features.PluginSdk.Testing;

/// <summary>
/// Feeds bars through a plugin's kernel the way the host does (consecutive batches, then an empty batch, then
/// <see cref="IFeatureKernel.Flush"/>) and collects the output. It checks the batch contract as it goes (a
/// causal kernel returns one row per bar of every batch, the columns are the declared ones, one row per bar in
/// all) and throws <see cref="ConformanceException"/> naming the plugin and the batching when it is broken.
/// Like the host, which lends a kernel its bar buffers for the call and refills them afterwards, it overwrites each
/// input batch once the kernel has answered it, so a kernel that keeps a reference to its input reads garbage here
/// (and fails the batching checks) rather than in production.
/// </summary>
public static class PluginRunner
{
    /// <summary>Resolves raw parameter values against the plugin's descriptor (defaults filled in); throws on invalid values.</summary>
    public static ParameterValues Parameters(IFeaturePlugin plugin, IReadOnlyDictionary<string, object?>? raw = null) =>
        ParameterValues.Resolve(plugin.Descriptor.Parameters, raw ?? new Dictionary<string, object?>());

    /// <summary>
    /// Runs <paramref name="plugin"/> over <paramref name="bars"/> in batches of <paramref name="batchSize"/> bars
    /// (all at once by default). <paramref name="auxiliary"/> makes fresh cursors over the series the plugin reads,
    /// by role; it is called once per run. <paramref name="events"/> holds the events the plugin reads, by role: each
    /// run gets a fresh <see cref="EventFeed"/> per <see cref="IFeaturePlugin.EventSeries"/> request, released batch by
    /// batch as the host does (bars close at <see cref="RunContext.BarClose"/>; <paramref name="previousBar"/> is the
    /// bar before the first one given, if any).
    /// </summary>
    public static OutputTable Run(IFeaturePlugin plugin, IReadOnlyList<Bar> bars, int batchSize = int.MaxValue,
        IReadOnlyDictionary<string, object?>? parameters = null,
        Func<IReadOnlyDictionary<string, IAuxiliarySeries>>? auxiliary = null,
        RunContext? context = null,
        IReadOnlyDictionary<string, IReadOnlyList<IPointInTimeEvent>>? events = null,
        long? previousBar = null)
    {
        var key = plugin.Descriptor.Key;
        var values = Parameters(plugin, parameters);
        var outputs = plugin.OutputColumns(values);
        var where = context ?? RunContext.Daily;
        var kernelContext = new KernelContext
        {
            Parameters = values,
            Symbol = where.Symbol,
            Timeframe = where.Timeframe,
            BarInterval = where.BarInterval,
            Auxiliary = auxiliary?.Invoke() ?? new Dictionary<string, IAuxiliarySeries>(),
            Events = Feeds(plugin, values, where, events, previousBar),
        };
        var columns = outputs.Select(_ => new List<object?>(bars.Count)).ToList();
        var causal = plugin.LookAheadBars(values) == 0;
        var size = Math.Max(1, Math.Min(batchSize, Math.Max(1, bars.Count)));
        var batching = batchSize >= bars.Count ? "all bars in one batch" : $"batches of {size}";
        using var kernel = plugin.CreateKernel(kernelContext);
        var all = bars as Bar[] ?? [.. bars];
        var fed = 0;
        for (var start = 0; start < all.Length; start += size)
        {
            var slice = all.AsSpan(start, Math.Min(size, all.Length - start));
            using var input = BarSchema.Create(slice);
            foreach (var feed in kernelContext.Events.Values) feed.Release(slice[^1].Timestamp);
            using var output = kernel.Process(input);
            fed += slice.Length;
            if (causal && output.Length != slice.Length)
            {
                throw new ConformanceException(key, "batch contract",
                    $"a causal kernel returned {output.Length} rows for the {slice.Length} bars from bar {start} ({batching})");
            }
            Collect(key, outputs, output, columns, batching);
            Overwrite(input);
            if (columns.Count > 0 && columns[0].Count > fed)
            {
                throw new ConformanceException(key, "batch contract", $"{columns[0].Count} rows after {fed} bars ({batching})");
            }
        }
        using (var empty = BarSchema.Create(ReadOnlySpan<Bar>.Empty))
        using (var none = kernel.Process(empty))
        {
            if (none.Length != 0)
            {
                throw new ConformanceException(key, "batch contract", $"an empty batch yielded {none.Length} rows ({batching})");
            }
        }
        using (var rest = kernel.Flush())
        {
            if (rest is not null) Collect(key, outputs, rest, columns, batching);
        }
        if (columns.Count > 0 && columns[0].Count != all.Length)
        {
            throw new ConformanceException(key, "batch contract", $"{columns[0].Count} output rows for {all.Length} bars after Flush ({batching})");
        }
        return new OutputTable([.. outputs.Select(o => o.Name)], columns);
    }

    /// <summary>What the host's next block would do to a batch's memory: every timestamp and price replaced.</summary>
    private static void Overwrite(RecordBatch input)
    {
        for (var c = 0; c < input.ColumnCount; c++)
        {
            var values = input.Column(c).Data.Buffers[1].Memory;
            if (c == 0) MemoryMarshal.Cast<byte, long>(MemoryMarshal.AsMemory(values).Span).Fill(long.MinValue);
            else MemoryMarshal.Cast<byte, double>(MemoryMarshal.AsMemory(values).Span).Fill(double.NaN);
        }
    }

    /// <summary>A fresh feed per event request of the plugin, from the events given for its role (none if not given).</summary>
    public static IReadOnlyDictionary<string, EventFeed> Feeds(IFeaturePlugin plugin, ParameterValues values, RunContext where,
        IReadOnlyDictionary<string, IReadOnlyList<IPointInTimeEvent>>? events, long? previousBar) =>
        plugin.EventSeries(values).ToDictionary(
            r => r.Role,
            r => EventFeed.Create(r, r.Symbol ?? where.Symbol, events?.GetValueOrDefault(r.Role) ?? [], where.BarClose, previousBar));

    private static void Collect(string key, IReadOnlyList<OutputColumn> outputs, RecordBatch output, List<List<object?>> columns, string batching)
    {
        if (output.ColumnCount != outputs.Count)
        {
            throw new ConformanceException(key, "batch contract", $"an output batch has {output.ColumnCount} columns, the plugin declares {outputs.Count} ({batching})");
        }
        for (var c = 0; c < outputs.Count; c++)
        {
            var name = output.Schema.GetFieldByIndex(c).Name;
            if (name != outputs[c].Name)
            {
                throw new ConformanceException(key, "batch contract", $"output column {c} is named '{name}', the plugin declares '{outputs[c].Name}' ({batching})");
            }
            Append(output.Column(c), columns[c]);
        }
    }

    private static void Append(IArrowArray array, List<object?> into)
    {
        for (var i = 0; i < array.Length; i++)
        {
            into.Add(array switch
            {
                DoubleArray d => d.GetValue(i),
                BooleanArray b => b.GetValue(i) is { } v ? (v ? 1.0 : 0.0) : null,
                Int32Array n => n.GetValue(i) is { } v ? (double)v : null,
                StringArray s => s.IsNull(i) ? null : s.GetString(i),
                _ => throw new InvalidOperationException($"unexpected output array type {array.GetType().Name}"),
            });
        }
    }
}

/// <summary>The series a kernel is told it computes: symbol, timeframe and bar length.</summary>
public sealed record RunContext(string Symbol, string Timeframe, TimeSpan BarInterval)
{
    /// <summary>The close of the bar stamped t, for event delivery; by default t + <see cref="BarInterval"/> (the host's rule for daily bars is the session close).</summary>
    public Func<long, long> BarClose { get; init; } = t => t + BarInterval.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary><c>TEST</c> at <c>1d</c>.</summary>
    public static RunContext Daily { get; } = new("TEST", "1d", TimeSpan.FromDays(1));
}
