using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.NumberCrossingM;

/// <summary>The parameters of <see cref="NumberCrossingMPlugin"/>.</summary>
public sealed class NumberCrossingMParameters
{
    [Input("with m = 0 it counts sign changes of the returns; on price levels m = 0 says nothing.")]
    public InputKind Input { get; init; } = InputKind.LogReturn;

    [Window(2)]
    public int Window { get; init; } = 20;

    [Parameter("The level crossed, in the units of the input (tsfresh's `m`).", Minimum = -1e12, Maximum = 1e12)]
    public double M { get; init; } = 0;
}

/// <summary>tsfresh's number_crossing_m over a rolling window.</summary>
public sealed class NumberCrossingMPlugin() : FeaturePlugin<NumberCrossingMParameters>(StatisticalPack.Describe("statistical.number_crossing_m", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "tsfresh number_crossing_m(x, m) over the last `window` values: the count of i with (x_i > m) != (x_{i+1} > m); a " +
                 "value equal to m counts as not above, so 5→10→15 with m = 10 is one crossing. Recomputed per bar (O(window)). " +
                 StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly IntOutput NumberCrossingM = Outputs.Int("number_crossing_m", "Count of consecutive pairs inside the window on opposite sides of m (a value equal to m is not above).");

    protected override int WarmupBars(NumberCrossingMParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IFeatureKernel CreateKernel(NumberCrossingMParameters p, KernelContext context)
    {
        var m = p.M;
        return new ScalarWindowKernel(NumberCrossingM, p.Input, p.Window, x => PathStatistics.NumberCrossingM(x, m));
    }
}
