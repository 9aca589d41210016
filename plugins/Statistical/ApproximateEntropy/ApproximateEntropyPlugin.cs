using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.ApproximateEntropy;

/// <summary>tsfresh's approximate_entropy over a rolling window.</summary>
public sealed class ApproximateEntropyPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("approximate_entropy", "|φ(m) - φ(m+1)|, φ(k) the mean log share of length-k templates within tolerance (self-matches included).")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.approximate_entropy",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "tsfresh approximate_entropy(x, m, r) over the last `window` values: tolerance r·σ (population std); for k = m and " +
            "m+1, C_i = share of the N-k+1 length-k templates within Chebyshev distance <= tolerance of template i (self-" +
            "matches included), φ(k) = mean_i ln C_i; value |φ(m) - φ(m+1)|; 0 when N <= m+1. O(window²) per bar, recomputed. " +
            StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("log_return", "regularity of increments; a price level window is dominated by its trend."),
            WindowParameter.Spec(50, 3, "O(window²) per bar."),
            ParameterSpec.Integer("m", 2, 1, 10, "Template length (tsfresh's `m`)."),
            ParameterSpec.Number("r", 0.3, 0, 10, "Tolerance as a multiple of the window's population std (tsfresh's `r`)."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        var m = p.GetInt32("m");
        var r = p.GetDouble("r");
        return new ScalarWindowKernel(Outputs, InputSeries.From(p), p.GetInt32("window"), x => Entropy.Approximate(x, m, r));
    }
}
