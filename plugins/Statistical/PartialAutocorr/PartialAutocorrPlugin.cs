using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.PartialAutocorr;

/// <summary>tsfresh's partial autocorrelation at one lag over a rolling window.</summary>
public sealed class PartialAutocorrPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("partial_autocorr", "Partial autocorrelation φ_lag,lag of the window (may exceed 1 in magnitude).")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.partial_autocorr",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "tsfresh partial_autocorrelation(x, lag) over the last `window` values: statsmodels pacf method \"ld\", the " +
            "Durbin–Levinson recursion on the adjusted autocovariances γ_k = Σ(x_t-μ)(x_{t+k}-μ)/(n-k). Null when the " +
            "variance is exactly 0 or the recursion divides by zero. Recomputed per bar over the window (O(window·lag)). " +
            StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("log_return", "partial autocorrelation of price levels is dominated by the unit root; returns carry the signal."),
            WindowParameter.Spec(20, 4, "Must be at least 2·lag + 2 (tsfresh caps the lag below window/2)."),
            ParameterSpec.Integer("lag", 1, 1, StatisticalPack.MaxWindow / 2 - 1, "Lag, in bars (tsfresh's `lag`)."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        if (parameters.GetInt32("window") < 2 * parameters.GetInt32("lag") + 2)
            yield return new ParameterError("window", "window must be at least 2·lag + 2, or every value is null");
    }

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new Kernel(InputSeries.From(p), p.GetInt32("window"), p.GetInt32("lag"));
    }

    private sealed class Kernel(InputKind input, int window, int lag) : WindowKernel(Outputs, input, window)
    {
        private readonly double[] _scratch = Autocorrelation.Scratch(lag);
        private readonly double[] _result = new double[lag + 1];

        protected override void Evaluate(ReadOnlySpan<double> x, Span<double> row)
        {
            Autocorrelation.Partial(x, lag, _result, _scratch);
            row[0] = _result[lag];
        }
    }
}
