using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.Zscore;

/// <summary>How many standard deviations the newest value lies from the window mean.</summary>
public sealed class ZscorePlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("zscore", "(x_t - mean) / std over the window ending at t (x_t included); null when std is 0.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.zscore",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "Rolling z-score of the newest input value against the last `window` values (the newest included): " +
            "(x_t - μ)/σ with σ = √(Σ(x-μ)²/(n-ddof)). tsfresh has no z-score; the default ddof 1 is the sample standard " +
            "deviation, ddof 0 the population one (Stock.Indicators' StdDev zScore, Bollinger's). A window with σ = 0 is null, " +
            "never infinity. Recomputed per bar over the window, two-pass (O(window)). " + StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("close", "the z-score of the price against its recent range is the usual mean-reversion signal."),
            WindowParameter.Spec(20, 2),
            ParameterSpec.Integer("ddof", 1, 0, 1, "Delta degrees of freedom of σ: 1 = sample (default), 0 = population."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        if (parameters.GetInt32("window") <= parameters.GetInt32("ddof"))
            yield return new ParameterError("window", "window must exceed ddof");
    }

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new Kernel(InputSeries.From(p), p.GetInt32("window"), p.GetInt32("ddof"));
    }

    private sealed class Kernel(InputKind input, int window, int ddof) : WindowKernel(Outputs, input, window)
    {
        protected override void Evaluate(ReadOnlySpan<double> x, Span<double> row)
        {
            var std = Moments.StdDev(x, ddof);
            row[0] = std > 0 ? (x[^1] - Moments.Mean(x)) / std : double.NaN;
        }
    }
}
