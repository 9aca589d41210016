using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.PartialAutocorr;

/// <summary>The parameters of <see cref="PartialAutocorrPlugin"/>.</summary>
public sealed class PartialAutocorrParameters
{
    [Input("partial autocorrelation of price levels is dominated by the unit root; returns carry the signal.")]
    public InputKind Input { get; init; } = InputKind.LogReturn;

    [Window(4, "Must be at least 2·lag + 2 (tsfresh caps the lag below window/2).")]
    public int Window { get; init; } = 20;

    [Parameter("Lag, in bars (tsfresh's `lag`).", Minimum = 1, Maximum = StatisticalPack.MaxWindow / 2 - 1)]
    public int Lag { get; init; } = 1;
}

/// <summary>tsfresh's partial autocorrelation at one lag over a rolling window.</summary>
public sealed class PartialAutocorrPlugin() : FeaturePlugin<PartialAutocorrParameters>(StatisticalPack.Describe("statistical.partial_autocorr", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "tsfresh partial_autocorrelation(x, lag) over the last `window` values: statsmodels pacf method \"ld\", the " +
                 "Durbin–Levinson recursion on the adjusted autocovariances γ_k = Σ(x_t-μ)(x_{t+k}-μ)/(n-k). Null when the " +
                 "variance is exactly 0 or the recursion divides by zero. Recomputed per bar over the window (O(window·lag)). " +
                 StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput PartialAutocorr = Outputs.Float("partial_autocorr", "Partial autocorrelation φ_lag,lag of the window (may exceed 1 in magnitude).");

    protected override int WarmupBars(PartialAutocorrParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IEnumerable<ParameterError> Validate(PartialAutocorrParameters p)
    {
        if (p.Window < 2 * p.Lag + 2)
            yield return Error(nameof(p.Window), $"{NameOf(nameof(p.Window))} must be at least 2·{NameOf(nameof(p.Lag))} + 2, or every value is null");
    }

    protected override IFeatureKernel CreateKernel(PartialAutocorrParameters p, KernelContext context) => new Kernel(p.Input, p.Window, p.Lag);

    private sealed class Kernel(InputKind input, int window, int lag) : WindowKernel(Outputs, input, window)
    {
        private readonly double[] _scratch = Autocorrelation.Scratch(lag);
        private readonly double[] _result = new double[lag + 1];

        protected override void Evaluate(ReadOnlySpan<double> x, in WindowRow row)
        {
            Autocorrelation.Partial(x, lag, _result, _scratch);
            row.Set(PartialAutocorr, _result[lag]);
        }
    }
}
