using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.SampleEntropy;

/// <summary>The parameters of <see cref="SampleEntropyPlugin"/>.</summary>
public sealed class SampleEntropyParameters
{
    [Input("regularity of increments; a price level window is dominated by its trend.")]
    public InputKind Input { get; init; } = InputKind.LogReturn;

    [Window(4, "O(window²) per bar; at least 4 so a constant window has a value.")]
    public int Window { get; init; } = 50;
}

/// <summary>tsfresh's sample_entropy over a rolling window.</summary>
public sealed class SampleEntropyPlugin() : FeaturePlugin<SampleEntropyParameters>(StatisticalPack.Describe("statistical.sample_entropy", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "tsfresh sample_entropy over the last `window` values: m = 2, tolerance r = 0.2·σ (population std); B = ordered " +
                 "pairs (i != j) of the n-1 length-2 templates within Chebyshev distance <= r, A = the same for the n-2 length-3 " +
                 "templates (tsfresh uses n-m+1 and n-m templates, unlike Richman–Moorman); value -ln(A/B). tsfresh returns +inf " +
                 "when A = 0: here that, and B = 0, are null. A constant window gives ln((n-1)/(n-3)). O(window²) per bar, recomputed. " +
                 StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput SampleEntropy = Outputs.Float("sample_entropy", "-ln(A/B): A, B the matching ordered template pairs of length 3 and 2; null when either is 0.");

    protected override int WarmupBars(SampleEntropyParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IFeatureKernel CreateKernel(SampleEntropyParameters p, KernelContext context) =>
        new ScalarWindowKernel(SampleEntropy, p.Input, p.Window, Entropy.Sample);
}
