using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.FracDiff;

/// <summary>The parameters of <see cref="FracDiffPlugin"/>.</summary>
public sealed class FracDiffParameters
{
    [Input("fractional differentiation makes a price stationary while keeping its memory.")]
    public InputKind Input { get; init; } = InputKind.Close;

    [Parameter("Order of differentiation.", Minimum = 0, Maximum = 2)]
    public double D { get; init; } = 0.4;

    [Parameter("Smallest |weight| kept; smaller weights are dropped, fixing the window width.", Minimum = 1e-8, Maximum = 0.5)]
    public double Threshold { get; init; } = 1e-4;
}

/// <summary>Fixed-width-window fractional differentiation (López de Prado).</summary>
public sealed class FracDiffPlugin() : FeaturePlugin<FracDiffParameters>(StatisticalPack.Describe("statistical.fracdiff", Outputs, InputSeries.Columns,
    warmup: "width - 1 bars, width = number of weights with |w_k| >= threshold, plus 1 when input is a return",
    description: "Fractional differentiation with a fixed-width window (López de Prado, AFML §5.5): weights w_0 = 1, " +
                 "w_k = -w_{k-1}·(d-k+1)/k, kept while |w_k| >= `threshold` (at most 10 000 weights; an integer d ends exactly); " +
                 "value Σ_k w_k·x_{t-k}. The width follows from d and threshold (d 0.4, threshold 1e-4 → 282 weights). d = 1 " +
                 "is the first difference, d = 0 the input itself. O(width) per bar. " + StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Fracdiff = Outputs.Float("fracdiff", "Σ_k w_k·x_{t-k} over the kept weights: the input differentiated to order d.");

    /// <summary>The kept weights, w_0 first.</summary>
    internal static double[] Weights(double d, double threshold)
    {
        var weights = new List<double> { 1.0 };
        for (var k = 1; k < StatisticalPack.MaxWindow; k++)
        {
            var w = -weights[^1] * (d - k + 1) / k;
            if (Math.Abs(w) < threshold) break;
            weights.Add(w);
        }
        return [.. weights];
    }

    protected override int WarmupBars(FracDiffParameters p) => Weights(p.D, p.Threshold).Length - 1 + InputSeries.Lead(p.Input);

    protected override IFeatureKernel CreateKernel(FracDiffParameters p, KernelContext context)
    {
        var weights = Weights(p.D, p.Threshold);
        return new ScalarWindowKernel(Fracdiff, p.Input, weights.Length, x =>
        {
            // The window is oldest first; w_0 applies to the newest value.
            var sum = 0.0;
            for (var k = 0; k < weights.Length; k++) sum += weights[k] * x[x.Length - 1 - k];
            return sum;
        });
    }
}
