using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.Quantile;

/// <summary>The parameters of <see cref="QuantilePlugin"/>.</summary>
public sealed class QuantileParameters
{
    [Input("a quantile of returns (e.g. a tail quantile) is comparable across time; of prices it is not.")]
    public InputKind Input { get; init; } = InputKind.LogReturn;

    [Window(1)]
    public int Window { get; init; } = 20;

    [Parameter("Quantile level in [0, 1] (tsfresh's `q`); 0.5 is the median.", Minimum = 0, Maximum = 1)]
    public double Q { get; init; } = 0.1;
}

/// <summary>The q-quantile of a rolling window.</summary>
public sealed class QuantilePlugin() : FeaturePlugin<QuantileParameters>(StatisticalPack.Describe("statistical.quantile", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "tsfresh quantile(x, q) = np.quantile with the default \"linear\" method (Hyndman–Fan type 7) over the last " +
                 "`window` values: h = (n-1)q, x(⌊h⌋) + (h-⌊h⌋)(x(⌊h⌋+1) - x(⌊h⌋)) on the sorted window. Recomputed per bar by " +
                 "sorting a copy of the window (O(window·log window)). " + StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Quantile = Outputs.Float("quantile", "The q-quantile of the window, linear interpolation between order statistics.");

    protected override int WarmupBars(QuantileParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IFeatureKernel CreateKernel(QuantileParameters p, KernelContext context) => new Kernel(p.Input, p.Window, p.Q);

    private sealed class Kernel(InputKind input, int window, double q) : WindowKernel(Outputs, input, window)
    {
        private readonly double[] _sorted = new double[window];

        protected override void Evaluate(ReadOnlySpan<double> x, in WindowRow row) => row.Set(Quantile, OrderStatistics.Quantile(x, q, _sorted));
    }
}
