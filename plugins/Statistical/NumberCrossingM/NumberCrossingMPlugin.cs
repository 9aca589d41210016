using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.NumberCrossingM;

/// <summary>tsfresh's number_crossing_m over a rolling window.</summary>
public sealed class NumberCrossingMPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Int("number_crossing_m", "Count of consecutive pairs inside the window on opposite sides of m (a value equal to m is not above).")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.number_crossing_m",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "tsfresh number_crossing_m(x, m) over the last `window` values: the count of i with (x_i > m) != (x_{i+1} > m); a " +
            "value equal to m counts as not above, so 5→10→15 with m = 10 is one crossing. Recomputed per bar (O(window)). " +
            StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("log_return", "with m = 0 it counts sign changes of the returns; on price levels m = 0 says nothing."),
            WindowParameter.Spec(20, 2),
            ParameterSpec.Number("m", 0, -1e12, 1e12, "The level crossed, in the units of the input (tsfresh's `m`)."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        var m = p.GetDouble("m");
        return new ScalarWindowKernel(Outputs, InputSeries.From(p), p.GetInt32("window"), x => PathStatistics.NumberCrossingM(x, m));
    }
}
