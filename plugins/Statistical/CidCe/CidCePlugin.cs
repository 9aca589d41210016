using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.CidCe;

/// <summary>tsfresh's cid_ce complexity estimate over a rolling window.</summary>
public sealed class CidCePlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("cid_ce", "√Σ(x_{i+1}-x_i)² over the window (z-scored first when `normalize`).")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.cid_ce",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "tsfresh cid_ce(x, normalize) over the last `window` values: √(Σ_{i<n-1}(x_{i+1}-x_i)²), not divided by n. With " +
            "`normalize` the window is first z-scored with its population std; a window with std exactly 0 gives 0. " +
            "Recomputed per bar (O(window)). " + StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("close", "the complexity estimate describes the shape of the price path."),
            WindowParameter.Spec(20, 2),
            ParameterSpec.Boolean("normalize", true, "z-score the window (population std) before measuring (tsfresh's `normalize`)."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        var normalize = p.GetBoolean("normalize");
        return new ScalarWindowKernel(Outputs, InputSeries.From(p), p.GetInt32("window"), x => PathStatistics.CidCe(x, normalize));
    }
}
