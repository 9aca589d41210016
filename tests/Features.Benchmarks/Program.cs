using BenchmarkDotNet.Configs;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Features.Benchmarks;

// --smoke: every kernel once over 100k bars, no BenchmarkDotNet (the CI check).
if (args.Contains("--smoke"))
{
    return Smoke.Run();
}

// --alpha158: automated.alpha158 against the sum of its single-column counterparts, best-of stopwatch timings.
if (args.Contains("--alpha158"))
{
    return Alpha158Benchmarks.Quick();
}

// --quick KEY[,KEY...]: best-of-15 stopwatch timings beside the baseline, while developing a kernel.
if (args.Length == 2 && args[0] == "--quick")
{
    return QuickTiming.Run(args[1]);
}

// In-process and few iterations: ~100 kernels x 2 methods must fit in minutes on 2 cores. Each
// group re-measures the EMA baseline next to its kernel, so the ratio sees the same machine state.
var job = Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithWarmupCount(1)
    .WithIterationCount(4)
    .WithIterationTime(TimeInterval.FromMilliseconds(200))
    .WithId("short-inprocess");
var config = DefaultConfig.Instance
    .AddJob(job.AsDefault())
    .AddColumn(Columns.BarsPerSecond, Columns.SpeedVsBaseline, Columns.BytesPerBar, Columns.FileSize, Columns.WriteSpeed)
    .WithOptions(ConfigOptions.DisableOptimizationsValidator)
    .WithSummaryStyle(DefaultConfig.Instance.SummaryStyle.WithMaxParameterColumnWidth(40));
BenchmarkSwitcher.FromAssembly(typeof(KernelBenchmarks).Assembly).Run(args, config);
return 0;
