using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.Autocorr;

/// <summary>The parameters of <see cref="AutocorrPlugin"/>.</summary>
public sealed class AutocorrParameters
{
    [Input("autocorrelation of price levels is near 1 by construction; returns carry the signal.")]
    public InputKind Input { get; init; } = InputKind.LogReturn;

    [Window(2, "Must exceed `lag`.")]
    public int Window { get; init; } = 20;

    [Parameter("Lag, in bars (tsfresh's `lag`).", Minimum = 0, Maximum = StatisticalPack.MaxWindow - 1)]
    public int Lag { get; init; } = 1;
}

/// <summary>tsfresh's autocorrelation at one lag over a rolling window.</summary>
public sealed class AutocorrPlugin() : FeaturePlugin<AutocorrParameters>(StatisticalPack.Describe("statistical.autocorr", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "tsfresh autocorrelation(x, lag) over the last `window` values: Σ_{t<n-lag}(x_t-μ)(x_{t+lag}-μ) / ((n-lag)·σ²), " +
                 "μ and the population σ² taken over the whole window. Null when σ² <= 1e-8 (tsfresh's absolute np.isclose test, " +
                 "so very quiet windows, e.g. of FX returns, are null). Recomputed per bar over the window (O(window)). " +
                 StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Autocorr = Outputs.Float("autocorr", "Autocorrelation of the window at `lag` (adjusted estimator; may exceed 1 in magnitude at large lags).");

    protected override int WarmupBars(AutocorrParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IEnumerable<ParameterError> Validate(AutocorrParameters p)
    {
        if (p.Lag >= p.Window)
            yield return Error(nameof(p.Lag), $"{NameOf(nameof(p.Lag))} must be smaller than {NameOf(nameof(p.Window))}");
    }

    protected override IFeatureKernel CreateKernel(AutocorrParameters p, KernelContext context) => new Kernel(p.Input, p.Window, p.Lag);

    private sealed class Kernel(InputKind input, int window, int lag) : WindowKernel(Outputs, input, window)
    {
        protected override void Evaluate(ReadOnlySpan<double> x, in WindowRow row) => row.Set(Autocorr, Autocorrelation.At(x, lag));
    }
}
