using System.Diagnostics;

namespace Features.Benchmarks;

/// <summary>
/// A development aid, not the published figures: `-- --quick technical.sma,technical.bb` times each kernel and the EMA
/// baseline over the benchmark's 1,000,000 bars, alternating, and prints the best of 15 runs of each, in seconds
/// rather than BenchmarkDotNet's minute per kernel. Best-of is the least noisy figure on a shared machine.
/// `--quick all` times every kernel of the published table.
/// </summary>
public static class QuickTiming
{
    private const int Runs = 15;

    public static int Run(string keys)
    {
        var bars = KernelBenchmarks.SharedBars;
        var baseline = new KernelBenchmarks();
        // "all": every kernel of the published table (what bench/ab.sh compares between two builds).
        var list = keys == "all" ? KernelBenchmarks.Keys() : keys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var key in list)
        {
            baseline.Plugin = key;
            baseline.Setup();
            var plugin = Plugins.Get(key);
            double bestKernel = double.MaxValue, bestBaseline = double.MaxValue;
            for (var run = 0; run <= Runs; run++)
            {
                var watch = Stopwatch.StartNew();
                KernelBenchmarks.Run(plugin, bars.Batches);
                var kernel = watch.Elapsed.TotalNanoseconds / KernelBenchmarks.Bars;
                watch.Restart();
                baseline.EmaLoop();
                var ema = watch.Elapsed.TotalNanoseconds / KernelBenchmarks.Bars;
                if (run == 0) continue; // JIT and first-touch
                bestKernel = Math.Min(bestKernel, kernel);
                bestBaseline = Math.Min(bestBaseline, ema);
            }
            Console.WriteLine($"{key,-40} {bestKernel,8:F2} ns/bar   EMA loop {bestBaseline,6:F2} ns/bar   x EMA loop {bestBaseline / bestKernel:F3}");
        }
        return 0;
    }
}
