using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.MeanAbsChange;

/// <summary>tsfresh's mean_abs_change over a rolling window.</summary>
public sealed class MeanAbsChangePlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("mean_abs_change", "mean |x_{i+1}-x_i| over the n-1 changes inside the window.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.mean_abs_change",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "tsfresh mean_abs_change over the last `window` values: the mean of |x_{i+1}-x_i| over the window's n-1 " +
            "consecutive changes (divisor n-1). Recomputed per bar (O(window)). " + StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("close", "the mean absolute change of the price is its average bar-to-bar move."),
            WindowParameter.Spec(20, 2),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new ScalarWindowKernel(Outputs, InputSeries.From(p), p.GetInt32("window"), PathStatistics.MeanAbsChange);
    }
}
