using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.Hurst;

/// <summary>The parameters of <see cref="HurstPlugin"/>.</summary>
public sealed class HurstParameters
{
    [Input("R/S analysis is defined on increments; Stock.Indicators computes it on log returns of the close.")]
    public InputKind Input { get; init; } = InputKind.LogReturn;

    [Window(20, "At least 20, as in Stock.Indicators.")]
    public int Window { get; init; } = 100;
}

/// <summary>Rescaled-range Hurst exponent over a rolling window, raw and Anis–Lloyd corrected.</summary>
public sealed class HurstPlugin() : FeaturePlugin<HurstParameters>(StatisticalPack.Describe("statistical.hurst", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "Hurst exponent by rescaled range (R/S) over the last `window` input values, as Stock.Indicators' ToHurst: chunk " +
                 "counts 1, 2, 4, ... up to 32 while chunks keep at least 8 values (the oldest values that do not fill the equal " +
                 "chunks are skipped); per chunk R = range of the cumulative deviations from the chunk mean, S = population std, " +
                 "R/S = 0 when S = 0; H = least-squares slope of log10(mean R/S) on log10(chunk size). The Anis–Lloyd column adds " +
                 "√(πn/2) - E_AL[R/S](n) to each mean R/S before the logs. Defaults (log returns of the close, window 100) " +
                 "reproduce the library's hurst baseline. A constant window has raw H null. Recomputed per bar (O(window)). " +
                 StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput HurstExponent = Outputs.Float("hurst_exponent", "Hurst exponent H from raw rescaled-range analysis (0.5 = random walk, > 0.5 persistent, < 0.5 mean-reverting).");
    private static readonly FloatOutput HurstExponentAl = Outputs.Float("hurst_exponent_al", "Hurst exponent with the Anis–Lloyd small-sample correction of each average R/S.");

    protected override int WarmupBars(HurstParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IFeatureKernel CreateKernel(HurstParameters p, KernelContext context) => new Kernel(p.Input, p.Window);

    private sealed class Kernel(InputKind input, int window) : WindowKernel(Outputs, input, window)
    {
        private readonly RescaledRange _rs = new(window);

        protected override void Evaluate(ReadOnlySpan<double> x, in WindowRow row)
        {
            var (raw, corrected) = _rs.Exponents(x);
            row.Set(HurstExponent, raw);
            row.Set(HurstExponentAl, corrected);
        }
    }
}
