using Apache.Arrow;
using Features.PluginSdk;

namespace Features.Plugins.Tests.Harness;

/// <summary>An output table: column name to values (double for float/int/bool columns, string for string columns, null for null).</summary>
public sealed class OutputTable(IReadOnlyList<string> names, IReadOnlyList<List<object?>> columns)
{
    public IReadOnlyList<string> Names => names;
    public int RowCount => columns.Count == 0 ? 0 : columns[0].Count;
    public IReadOnlyList<object?> this[string name] => columns[names.ToList().IndexOf(name) is var i and >= 0 ? i : throw new KeyNotFoundException(name)];
}

/// <summary>Feeds bars through a plugin's kernel in batches of a chosen size and collects the output.</summary>
public static class KernelRunner
{
    public static ParameterValues Parameters(IFeaturePlugin plugin, IReadOnlyDictionary<string, object?>? raw = null) =>
        ParameterValues.Resolve(plugin.Descriptor.Parameters, raw ?? new Dictionary<string, object?>());

    public static OutputTable Run(string key, Bar[] bars, int batchSize = int.MaxValue,
        IReadOnlyDictionary<string, object?>? parameters = null,
        Func<IReadOnlyDictionary<string, IAuxiliarySeries>>? auxiliary = null) =>
        Run(PluginPacks.Get(key).Plugin, bars, batchSize, parameters, auxiliary);

    public static OutputTable Run(IFeaturePlugin plugin, Bar[] bars, int batchSize = int.MaxValue,
        IReadOnlyDictionary<string, object?>? parameters = null,
        Func<IReadOnlyDictionary<string, IAuxiliarySeries>>? auxiliary = null)
    {
        var values = Parameters(plugin, parameters);
        var outputs = plugin.OutputColumns(values);
        var context = new KernelContext
        {
            Parameters = values,
            Symbol = "TEST",
            Timeframe = "1d",
            BarInterval = TimeSpan.FromDays(1),
            Auxiliary = auxiliary?.Invoke() ?? new Dictionary<string, IAuxiliarySeries>(),
        };
        var columns = outputs.Select(_ => new List<object?>(bars.Length)).ToList();
        var causal = plugin.LookAheadBars(values) == 0;
        using var kernel = plugin.CreateKernel(context);
        var size = Math.Max(1, Math.Min(batchSize, Math.Max(1, bars.Length)));
        var fed = 0;
        for (var start = 0; start < bars.Length; start += size)
        {
            var slice = bars.AsSpan(start, Math.Min(size, bars.Length - start));
            using var input = BarSchema.Create(slice);
            using var output = kernel.Process(input);
            fed += slice.Length;
            if (causal) output.Length.ShouldBe(slice.Length, $"{plugin.Descriptor.Key}: a causal kernel returns one row per input bar");
            Collect(plugin, outputs, output, columns);
            columns[0].Count.ShouldBeLessThanOrEqualTo(fed, $"{plugin.Descriptor.Key}: more rows than bars");
        }
        using (var empty = BarSchema.Create(ReadOnlySpan<Bar>.Empty))
        using (var none = kernel.Process(empty))
        {
            none.Length.ShouldBe(0, $"{plugin.Descriptor.Key}: an empty batch yields no rows");
        }
        using (var rest = kernel.Flush())
        {
            if (rest is not null) Collect(plugin, outputs, rest, columns);
        }
        columns[0].Count.ShouldBe(bars.Length, $"{plugin.Descriptor.Key}: one output row per bar after Flush");
        return new OutputTable([.. outputs.Select(o => o.Name)], columns);
    }

    private static void Collect(IFeaturePlugin plugin, IReadOnlyList<OutputColumn> outputs, RecordBatch output, List<List<object?>> columns)
    {
        output.ColumnCount.ShouldBe(outputs.Count, $"{plugin.Descriptor.Key}: output column count");
        for (var c = 0; c < outputs.Count; c++)
        {
            output.Schema.GetFieldByIndex(c).Name.ShouldBe(outputs[c].Name);
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
