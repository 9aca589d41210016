using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.Quantile;

/// <summary>The q-quantile of a rolling window.</summary>
public sealed class QuantilePlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("quantile", "The q-quantile of the window, linear interpolation between order statistics.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.quantile",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "tsfresh quantile(x, q) = np.quantile with the default \"linear\" method (Hyndman–Fan type 7) over the last " +
            "`window` values: h = (n-1)q, x(⌊h⌋) + (h-⌊h⌋)(x(⌊h⌋+1) - x(⌊h⌋)) on the sorted window. Recomputed per bar by " +
            "sorting a copy of the window (O(window·log window)). " + StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("log_return", "a quantile of returns (e.g. a tail quantile) is comparable across time; of prices it is not."),
            WindowParameter.Spec(20, 1),
            ParameterSpec.Number("q", 0.1, 0, 1, "Quantile level in [0, 1] (tsfresh's `q`); 0.5 is the median."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new Kernel(InputSeries.From(p), p.GetInt32("window"), p.GetDouble("q"));
    }

    private sealed class Kernel(InputKind input, int window, double q) : WindowKernel(Outputs, input, window)
    {
        private readonly double[] _sorted = new double[window];

        protected override void Evaluate(ReadOnlySpan<double> x, Span<double> row) => row[0] = OrderStatistics.Quantile(x, q, _sorted);
    }
}
