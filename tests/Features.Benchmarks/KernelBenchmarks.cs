using Apache.Arrow;
using BenchmarkDotNet.Attributes;
using Features.PluginSdk;

namespace Features.Benchmarks;

/// <summary>
/// Every technical and statistical kernel (default parameters) over 1,000,000 bars in batches of 65,536,
/// beside a plain EMA loop over a double[] as the baseline of each group. One operation is one bar, so
/// Mean is ns/bar and Allocated is bytes/bar.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    public const int Bars = 1_000_000;

    private static SyntheticBars? _bars;

    /// <summary>The 1,000,000 synthetic bars, built once per process.</summary>
    internal static SyntheticBars SharedBars => _bars ??= SyntheticBars.Create(Bars);
    private IFeaturePlugin _plugin = null!;
    private double[] _close = null!;
    private double[] _ema = null!;

    /// <summary>The plugin measured (its default parameters).</summary>

    [ParamsSource(nameof(Keys))]
    public virtual string Plugin { get; set; } = "";

    public static IEnumerable<string> Keys() => Filter(Plugins.KernelKeys()).Where(k => !SlowKernelBenchmarks.Heavy.Contains(k));

    [GlobalSetup]
    public void Setup()
    {
        _close = SharedBars.Close;
        _ema = new double[Bars];
        _plugin = Plugins.Get(Plugin);
    }

    /// <summary>The floor any streaming kernel is measured against: one dependent multiply-add per bar.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Bars)]
    public double EmaLoop()
    {
        var close = _close;
        var output = _ema;
        const double k = 2.0 / (20 + 1);
        var ema = close[0];
        for (var i = 0; i < close.Length; i++)
        {
            ema += k * (close[i] - ema);
            output[i] = ema;
        }
        return ema;
    }

    /// <summary>A fresh kernel through every batch, then Flush, disposing the outputs as the host does.</summary>
    [Benchmark(OperationsPerInvoke = Bars)]
    public long Kernel() => Run(_plugin, SharedBars.Batches);

    public static long Run(IFeaturePlugin plugin, RecordBatch[] batches)
    {
        long rows = 0;
        using var kernel = Plugins.CreateKernel(plugin);
        foreach (var batch in batches)
        {
            using var output = kernel.Process(batch);
            rows += output.Length;
        }
        using (var rest = kernel.Flush())
        {
            rows += rest?.Length ?? 0;
        }
        return rows;
    }

    // FEATURES_BENCH_FILTER=technical.sma,technical.bb narrows the kernels while developing.
    internal static IEnumerable<string> Filter(IEnumerable<string> keys)
    {
        var filter = Environment.GetEnvironmentVariable("FEATURES_BENCH_FILTER");
        if (string.IsNullOrWhiteSpace(filter)) return keys;
        var wanted = filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        return keys.Where(wanted.Contains);
    }
}
