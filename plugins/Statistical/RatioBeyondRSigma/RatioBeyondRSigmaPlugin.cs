using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.RatioBeyondRSigma;

/// <summary>The parameters of <see cref="RatioBeyondRSigmaPlugin"/>.</summary>
public sealed class RatioBeyondRSigmaParameters
{
    [Input("a tail-frequency measure of the return distribution.")]
    public InputKind Input { get; init; } = InputKind.LogReturn;

    [Window(1)]
    public int Window { get; init; } = 20;

    [Parameter("Distance from the mean, in population standard deviations (tsfresh's `r`).", Minimum = 0, Maximum = 100)]
    public double R { get; init; } = 1;
}

/// <summary>tsfresh's ratio_beyond_r_sigma over a rolling window.</summary>
public sealed class RatioBeyondRSigmaPlugin() : FeaturePlugin<RatioBeyondRSigmaParameters>(StatisticalPack.Describe("statistical.ratio_beyond_r_sigma", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "tsfresh ratio_beyond_r_sigma(x, r) over the last `window` values: #{i : |x_i - μ| > r·σ} / n with the population " +
                 "σ and a strict inequality; a constant window gives 0. Recomputed per bar (O(window)). " + StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput RatioBeyondRSigma = Outputs.Float("ratio_beyond_r_sigma", "Share of the window farther than r population standard deviations from its mean.");

    protected override int WarmupBars(RatioBeyondRSigmaParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IFeatureKernel CreateKernel(RatioBeyondRSigmaParameters p, KernelContext context)
    {
        var r = p.R;
        return new ScalarWindowKernel(RatioBeyondRSigma, p.Input, p.Window, x => PathStatistics.RatioBeyondRSigma(x, r));
    }
}
