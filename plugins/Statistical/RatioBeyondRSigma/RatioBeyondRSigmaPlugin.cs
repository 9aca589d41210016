using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.RatioBeyondRSigma;

/// <summary>tsfresh's ratio_beyond_r_sigma over a rolling window.</summary>
public sealed class RatioBeyondRSigmaPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("ratio_beyond_r_sigma", "Share of the window farther than r population standard deviations from its mean.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.ratio_beyond_r_sigma",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "tsfresh ratio_beyond_r_sigma(x, r) over the last `window` values: #{i : |x_i - μ| > r·σ} / n with the population " +
            "σ and a strict inequality; a constant window gives 0. Recomputed per bar (O(window)). " + StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("log_return", "a tail-frequency measure of the return distribution."),
            WindowParameter.Spec(20, 1),
            ParameterSpec.Number("r", 1, 0, 100, "Distance from the mean, in population standard deviations (tsfresh's `r`)."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        var r = p.GetDouble("r");
        return new ScalarWindowKernel(Outputs, InputSeries.From(p), p.GetInt32("window"), x => PathStatistics.RatioBeyondRSigma(x, r));
    }
}
