using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Features.Benchmarks;

/// <summary>
/// The same measurement for the kernels that spend microseconds per bar (entropies are O(window²), ADF
/// fits a regression per bar, quantiles sort a window): a 1M-bar operation takes seconds, so fewer
/// iterations keep the whole run within minutes, and each iteration is long enough to be stable.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(HeavyConfig))]
public class SlowKernelBenchmarks : KernelBenchmarks
{
    /// <summary>Below ~2M bars/s in the smoke run.</summary>
    public static readonly IReadOnlySet<string> Heavy = new HashSet<string>(StringComparer.Ordinal)
    {
        "statistical.adf", "statistical.approximate_entropy", "statistical.hurst", "statistical.permutation_entropy",
        "statistical.quantile", "statistical.sample_entropy", "statistical.variance_ratio",
    };

    [ParamsSource(nameof(HeavyKeys))]
    public override string Plugin { get; set; } = "";

    public static IEnumerable<string> HeavyKeys() => Filter(Plugins.KernelKeys()).Where(Heavy.Contains);

    /// <summary>No pilot or warm-up stage: one operation is already seconds long.</summary>
    private sealed class HeavyConfig : ManualConfig
    {
        public HeavyConfig() => AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(0)
            .WithIterationCount(3)
            .WithId("heavy-inprocess"));
    }
}
