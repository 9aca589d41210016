using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.ApproximateEntropy;

/// <summary>The parameters of <see cref="ApproximateEntropyPlugin"/>.</summary>
public sealed class ApproximateEntropyParameters
{
    [Input("regularity of increments; a price level window is dominated by its trend.")]
    public InputKind Input { get; init; } = InputKind.LogReturn;

    [Window(3, "O(window²) per bar.")]
    public int Window { get; init; } = 50;

    [Parameter("Template length (tsfresh's `m`).", Minimum = 1, Maximum = 10)]
    public int M { get; init; } = 2;

    [Parameter("Tolerance as a multiple of the window's population std (tsfresh's `r`).", Minimum = 0, Maximum = 10)]
    public double R { get; init; } = 0.3;
}

/// <summary>tsfresh's approximate_entropy over a rolling window.</summary>
public sealed class ApproximateEntropyPlugin() : FeaturePlugin<ApproximateEntropyParameters>(StatisticalPack.Describe("statistical.approximate_entropy", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "tsfresh approximate_entropy(x, m, r) over the last `window` values: tolerance r·σ (population std); for k = m and " +
                 "m+1, C_i = share of the N-k+1 length-k templates within Chebyshev distance <= tolerance of template i (self-" +
                 "matches included), φ(k) = mean_i ln C_i; value |φ(m) - φ(m+1)|; 0 when N <= m+1. O(window²) per bar, recomputed. " +
                 StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput ApproximateEntropy = Outputs.Float("approximate_entropy", "|φ(m) - φ(m+1)|, φ(k) the mean log share of length-k templates within tolerance (self-matches included).");

    protected override int WarmupBars(ApproximateEntropyParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IFeatureKernel CreateKernel(ApproximateEntropyParameters p, KernelContext context)
    {
        var m = p.M;
        var r = p.R;
        return new ScalarWindowKernel(ApproximateEntropy, p.Input, p.Window, x => Entropy.Approximate(x, m, r));
    }
}
