using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.Hurst;

/// <summary>Rescaled-range Hurst exponent over a rolling window, raw and Anis–Lloyd corrected.</summary>
public sealed class HurstPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("hurst_exponent", "Hurst exponent H from raw rescaled-range analysis (0.5 = random walk, > 0.5 persistent, < 0.5 mean-reverting)."),
        OutputColumn.Float("hurst_exponent_al", "Hurst exponent with the Anis–Lloyd small-sample correction of each average R/S."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.hurst",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "Hurst exponent by rescaled range (R/S) over the last `window` input values, as Stock.Indicators' ToHurst: chunk " +
            "counts 1, 2, 4, ... up to 32 while chunks keep at least 8 values (the oldest values that do not fill the equal " +
            "chunks are skipped); per chunk R = range of the cumulative deviations from the chunk mean, S = population std, " +
            "R/S = 0 when S = 0; H = least-squares slope of log10(mean R/S) on log10(chunk size). The Anis–Lloyd column adds " +
            "√(πn/2) - E_AL[R/S](n) to each mean R/S before the logs. Defaults (log returns of the close, window 100) " +
            "reproduce the library's hurst baseline. A constant window has raw H null. Recomputed per bar (O(window)). " +
            StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("log_return", "R/S analysis is defined on increments; Stock.Indicators computes it on log returns of the close."),
            WindowParameter.Spec(100, 20, "At least 20, as in Stock.Indicators."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new Kernel(InputSeries.From(p), p.GetInt32("window"));
    }

    private sealed class Kernel(InputKind input, int window) : WindowKernel(Outputs, input, window)
    {
        private readonly RescaledRange _rs = new(window);

        protected override void Evaluate(ReadOnlySpan<double> x, Span<double> row)
        {
            var (raw, corrected) = _rs.Exponents(x);
            row[0] = raw;
            row[1] = corrected;
        }
    }
}
