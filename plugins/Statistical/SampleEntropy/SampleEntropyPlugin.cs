using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.SampleEntropy;

/// <summary>tsfresh's sample_entropy over a rolling window.</summary>
public sealed class SampleEntropyPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("sample_entropy", "-ln(A/B): A, B the matching ordered template pairs of length 3 and 2; null when either is 0.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.sample_entropy",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "tsfresh sample_entropy over the last `window` values: m = 2, tolerance r = 0.2·σ (population std); B = ordered " +
            "pairs (i != j) of the n-1 length-2 templates within Chebyshev distance <= r, A = the same for the n-2 length-3 " +
            "templates (tsfresh uses n-m+1 and n-m templates, unlike Richman–Moorman); value -ln(A/B). tsfresh returns +inf " +
            "when A = 0: here that, and B = 0, are null. A constant window gives ln((n-1)/(n-3)). O(window²) per bar, recomputed. " +
            StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("log_return", "regularity of increments; a price level window is dominated by its trend."),
            WindowParameter.Spec(50, 4, "O(window²) per bar; at least 4 so a constant window has a value."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new ScalarWindowKernel(Outputs, InputSeries.From(p), p.GetInt32("window"), Entropy.Sample);
    }
}
