using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.RollingMoments;

/// <summary>Mean, standard deviation, skewness and excess kurtosis over a rolling window.</summary>
public sealed class RollingMomentsPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("mean", "Arithmetic mean of the window."),
        OutputColumn.Float("std", "Standard deviation of the window: √(Σ(x-μ)²/(n-ddof)); population (tsfresh's np.std) by default."),
        OutputColumn.Float("skew", "Sample skewness, pandas' bias-corrected G1 = n·√(n-1)/(n-2)·M3/M2^1.5 (M_k centred power sums); 0 for a constant window."),
        OutputColumn.Float("kurt", "Sample excess kurtosis, pandas' bias-corrected G2 (0 for a normal distribution); 0 for a constant window."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.rolling_moments",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "Rolling moments of the input over the last `window` values, following tsfresh: mean; standard deviation with " +
            "denominator n-ddof (ddof 0 = population, tsfresh's standard_deviation, the default; ddof 1 = sample); skew = pandas " +
            "Series.skew (bias-corrected G1, needs 3 values); kurt = pandas Series.kurtosis (bias-corrected excess G2, needs 4). " +
            "Near-zero centred power sums are zeroed by the pandas-3 relative rule |M_k| < (eps·max|x|)^k·n, so a constant " +
            "window gives skew 0 and kurt 0. Recomputed per bar over the window, two-pass (O(window)), for exactness. " +
            StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("log_return", "distributional statistics need a stationary series, and prices are not."),
            WindowParameter.Spec(20, 4, "At least 4 so the kurtosis is defined."),
            ParameterSpec.Integer("ddof", 0, 0, 1, "Delta degrees of freedom of `std`: 0 = population (tsfresh), 1 = sample (pandas' default)."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new Kernel(InputSeries.From(p), p.GetInt32("window"), p.GetInt32("ddof"));
    }

    private sealed class Kernel(InputKind input, int window, int ddof) : WindowKernel(Outputs, input, window)
    {
        protected override void Evaluate(ReadOnlySpan<double> x, Span<double> row)
        {
            (row[0], row[1], row[2], row[3]) = Moments.All(x, ddof);
        }
    }
}
