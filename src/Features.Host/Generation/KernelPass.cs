using Features.Host.MarketData;
using Features.Host.Plugins;
using Features.Host.Storage.Entities;
using Features.PluginSdk;

namespace Features.Host.Generation;

/// <summary>
/// One kernel of a pass: the feature (plugin, parameters, request), where it starts reading (<see cref="ReadFrom"/>,
/// its warm-up start), the auxiliary series it reads, where its Parquet goes, and its time budget.
/// </summary>
public sealed record KernelRun(PlanRequest Feature, long ReadFrom, IReadOnlyList<AuxiliaryInput> Auxiliary, DatasetFile Output, TimeSpan Budget,
    IReadOnlyList<Events.EventPlanInput>? EventInputs = null)
{
    /// <summary>The event inputs the kernel reads (none for most plugins).</summary>
    public IReadOnlyList<Events.EventPlanInput> Events => EventInputs ?? [];

    public LoadedPlugin Plugin => Feature.Plugin;

    public ParameterValues Parameters => Feature.Parameters;

    /// <summary>Rows before this bar time are warm-up: computed, not stored.</summary>
    public long Start => Feature.Request.Start;
}

/// <summary>
/// One read of a series' bars in [earliest ReadFrom, <see cref="End"/>) inside a snapshot, feeding every run.
/// Each run is fed only the bars from its own ReadFrom on, in the batches its single generate would see.
/// </summary>
public sealed record KernelPass(BarSnapshot Snapshot, BarSeries Series, long End, IReadOnlyList<KernelRun> Runs)
{
    public long ReadFrom => Runs.Min(r => r.ReadFrom);

    /// <summary>The pass as a whole may take every run's budget: one kernel's is all one generate gets.</summary>
    public TimeSpan Budget => Runs.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Budget);
}

/// <summary>One run's Parquet file and the time spent inside its kernel.</summary>
public sealed record KernelRunResult(KernelRun Run, WrittenDataset Dataset, TimeSpan KernelBusy);

/// <summary>What a pass did: each run's result (in the order of the runs), the bars it read, and the time spent reading them.</summary>
public sealed record KernelPassResult(IReadOnlyList<KernelRunResult> Runs, long BarsRead, TimeSpan ReadBusy);
