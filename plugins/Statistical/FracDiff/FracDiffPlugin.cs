using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.FracDiff;

/// <summary>Fixed-width-window fractional differentiation (López de Prado).</summary>
public sealed class FracDiffPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("fracdiff", "Σ_k w_k·x_{t-k} over the kept weights: the input differentiated to order d.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.fracdiff",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "Fractional differentiation with a fixed-width window (López de Prado, AFML §5.5): weights w_0 = 1, " +
            "w_k = -w_{k-1}·(d-k+1)/k, kept while |w_k| >= `threshold` (at most 10 000 weights; an integer d ends exactly); " +
            "value Σ_k w_k·x_{t-k}. The width follows from d and threshold (d 0.4, threshold 1e-4 → 282 weights). d = 1 " +
            "is the first difference, d = 0 the input itself. O(width) per bar. " + StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("close", "fractional differentiation makes a price stationary while keeping its memory."),
            ParameterSpec.Number("d", 0.4, 0, 2, "Order of differentiation."),
            ParameterSpec.Number("threshold", 1e-4, 1e-8, 0.5, "Smallest |weight| kept; smaller weights are dropped, fixing the window width."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = "width - 1 bars, width = number of weights with |w_k| >= threshold, plus 1 when input is a return",
    };

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

    public int WarmupBars(ParameterValues parameters) =>
        Weights(parameters.GetDouble("d"), parameters.GetDouble("threshold")).Length - 1 + InputSeries.Lead(InputSeries.From(parameters));

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        var weights = Weights(p.GetDouble("d"), p.GetDouble("threshold"));
        return new ScalarWindowKernel(Outputs, InputSeries.From(p), weights.Length, x =>
        {
            // The window is oldest first; w_0 applies to the newest value.
            var sum = 0.0;
            for (var k = 0; k < weights.Length; k++) sum += weights[k] * x[x.Length - 1 - k];
            return sum;
        });
    }
}
