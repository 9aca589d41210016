using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.MeanAbsChange;

/// <summary>The parameters of <see cref="MeanAbsChangePlugin"/>.</summary>
public sealed class MeanAbsChangeParameters
{
    [Input("the mean absolute change of the price is its average bar-to-bar move.")]
    public InputKind Input { get; init; } = InputKind.Close;

    [Window(2)]
    public int Window { get; init; } = 20;
}

/// <summary>tsfresh's mean_abs_change over a rolling window.</summary>
public sealed class MeanAbsChangePlugin() : FeaturePlugin<MeanAbsChangeParameters>(StatisticalPack.Describe("statistical.mean_abs_change", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "tsfresh mean_abs_change over the last `window` values: the mean of |x_{i+1}-x_i| over the window's n-1 " +
                 "consecutive changes (divisor n-1). Recomputed per bar (O(window)). " + StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput MeanAbsChange = Outputs.Float("mean_abs_change", "mean |x_{i+1}-x_i| over the n-1 changes inside the window.");

    protected override int WarmupBars(MeanAbsChangeParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IFeatureKernel CreateKernel(MeanAbsChangeParameters p, KernelContext context) =>
        new ScalarWindowKernel(MeanAbsChange, p.Input, p.Window, PathStatistics.MeanAbsChange);
}
