using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.Autocorr;

/// <summary>tsfresh's autocorrelation at one lag over a rolling window.</summary>
public sealed class AutocorrPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("autocorr", "Autocorrelation of the window at `lag` (adjusted estimator; may exceed 1 in magnitude at large lags).")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.autocorr",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "tsfresh autocorrelation(x, lag) over the last `window` values: Σ_{t<n-lag}(x_t-μ)(x_{t+lag}-μ) / ((n-lag)·σ²), " +
            "μ and the population σ² taken over the whole window. Null when σ² <= 1e-8 (tsfresh's absolute np.isclose test, " +
            "so very quiet windows, e.g. of FX returns, are null). Recomputed per bar over the window (O(window)). " +
            StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("log_return", "autocorrelation of price levels is near 1 by construction; returns carry the signal."),
            WindowParameter.Spec(20, 2, "Must exceed `lag`."),
            ParameterSpec.Integer("lag", 1, 0, StatisticalPack.MaxWindow - 1, "Lag, in bars (tsfresh's `lag`)."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        if (parameters.GetInt32("lag") >= parameters.GetInt32("window"))
            yield return new ParameterError("lag", "lag must be smaller than window");
    }

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new Kernel(InputSeries.From(p), p.GetInt32("window"), p.GetInt32("lag"));
    }

    private sealed class Kernel(InputKind input, int window, int lag) : WindowKernel(Outputs, input, window)
    {
        protected override void Evaluate(ReadOnlySpan<double> x, Span<double> row) => row[0] = Autocorrelation.At(x, lag);
    }
}
