using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Features.PluginSdk;

namespace Features.Benchmarks;

/// <summary>
/// <c>automated.alpha158</c> (all 158 columns, Qlib's windows 5, 10, 20, 30, 60) against the sum of the single-column
/// kernels this repository has for the same operators, each run once per window over the same bars: ROC
/// (technical.roc), MA (technical.sma), STD (technical.stdev), BETA/RSQR/RESI (technical.slope), MAX/MIN
/// (technical.donchian), RSV (technical.stoch), IMAX/IMIN/IMXD (technical.aroon), QTLU and QTLD (statistical.quantile,
/// q 0.8 and 0.2, over the close), VMA/VSTD (statistical.rolling_moments over the volume). RANK, CORR, CORD, the counts
/// and the move sums have no single kernel, so the baseline covers 19 of the 29 operators and none of kbar/price.
/// One operation is one bar: Mean is ns/bar.
/// </summary>
[MemoryDiagnoser]
public class Alpha158Benchmarks
{
    public const string Key = "automated.alpha158";
    public const int Bars = 100_000;

    public static readonly int[] Windows = [5, 10, 20, 30, 60];

    private static SyntheticBars? _bars;
    private static SyntheticBars SharedBars => _bars ??= SyntheticBars.Create(Bars);

    /// <summary>The single-column kernels and their parameters for window d.</summary>
    public static IEnumerable<(string Key, Dictionary<string, object?> Parameters)> Counterparts(int d)
    {
        Dictionary<string, object?> Period() => new() { ["period"] = (long)d };
        yield return ("technical.roc", Period());
        yield return ("technical.sma", Period());
        yield return ("technical.stdev", Period());
        yield return ("technical.slope", Period());
        yield return ("technical.donchian", Period());
        yield return ("technical.stoch", Period());
        yield return ("technical.aroon", Period());
        foreach (var q in new[] { 0.8, 0.2 })
        {
            yield return ("statistical.quantile", new() { ["input"] = "close", ["window"] = (long)d, ["q"] = q });
        }
        yield return ("statistical.rolling_moments", new() { ["input"] = "volume", ["window"] = (long)Math.Max(4, d), ["ddof"] = 1L });
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Bars)]
    public long SingleColumnKernels()
    {
        long rows = 0;
        foreach (var d in Windows)
        {
            foreach (var (key, parameters) in Counterparts(d)) rows += Run(key, parameters);
        }
        return rows;
    }

    [Benchmark(OperationsPerInvoke = Bars)]
    public long Alpha158() => Run(Key, []);

    private static long Run(string key, Dictionary<string, object?> parameters)
    {
        var plugin = Plugins.Get(key);
        long rows = 0;
        using var kernel = plugin.CreateKernel(new KernelContext
        {
            Parameters = ParameterValues.Resolve(plugin.Descriptor.Parameters, parameters),
            Symbol = "BENCH",
            Timeframe = "1m",
            BarInterval = TimeSpan.FromMinutes(1),
        });
        foreach (var batch in SharedBars.Batches)
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

    /// <summary>`--alpha158`: best of 7 stopwatch runs of each side, alternating, without BenchmarkDotNet.</summary>
    public static int Quick()
    {
        var benchmark = new Alpha158Benchmarks();
        double bestKernel = double.MaxValue, bestSum = double.MaxValue;
        for (var run = 0; run <= 7; run++)
        {
            var watch = Stopwatch.StartNew();
            benchmark.Alpha158();
            var kernel = watch.Elapsed.TotalNanoseconds / Bars;
            watch.Restart();
            benchmark.SingleColumnKernels();
            var sum = watch.Elapsed.TotalNanoseconds / Bars;
            if (run == 0) continue; // JIT and first-touch
            bestKernel = Math.Min(bestKernel, kernel);
            bestSum = Math.Min(bestSum, sum);
        }
        Console.WriteLine($"{Key}: {bestKernel:F1} ns/bar for 158 columns; the {Windows.Length * Counterparts(Windows[0]).Count()} single-column kernels: {bestSum:F1} ns/bar; ratio {bestSum / bestKernel:F2}");
        return 0;
    }
}
