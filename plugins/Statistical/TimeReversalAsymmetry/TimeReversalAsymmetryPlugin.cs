using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.TimeReversalAsymmetry;

/// <summary>tsfresh's time_reversal_asymmetry_statistic over a rolling window.</summary>
public sealed class TimeReversalAsymmetryPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("time_reversal_asymmetry", "mean of x_{i+2lag}²·x_{i+lag} - x_{i+lag}·x_i² over the window (raw values).")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.time_reversal_asymmetry",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "tsfresh time_reversal_asymmetry_statistic(x, lag) over the last `window` values: mean over i = 0..n-2lag-1 of " +
            "x_{i+2lag}²·x_{i+lag} - x_{i+lag}·x_i² on raw values. Recomputed per bar (O(window)). " + StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("log_return", "on raw prices the value scales with price³; returns expose the asymmetry."),
            WindowParameter.Spec(20, 3, "Must exceed 2·lag (tsfresh gives 0 otherwise)."),
            ParameterSpec.Integer("lag", 1, 1, StatisticalPack.MaxWindow / 2, "Lag, in bars (tsfresh's `lag`)."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        if (2 * parameters.GetInt32("lag") >= parameters.GetInt32("window"))
            yield return new ParameterError("lag", "2·lag must be smaller than window");
    }

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        var lag = p.GetInt32("lag");
        return new ScalarWindowKernel(Outputs, InputSeries.From(p), p.GetInt32("window"), x => PathStatistics.TimeReversalAsymmetry(x, lag));
    }
}
