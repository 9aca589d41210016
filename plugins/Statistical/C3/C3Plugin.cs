using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.C3;

/// <summary>tsfresh's c3 non-linearity statistic over a rolling window.</summary>
public sealed class C3Plugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("c3", "mean of x_{i+2lag}·x_{i+lag}·x_i over the window (raw values).")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.c3",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "tsfresh c3(x, lag) over the last `window` values (Schreiber–Schmitz non-linearity): mean over i = 0..n-2lag-1 of " +
            "x_{i+2lag}·x_{i+lag}·x_i on raw values, neither centred nor scaled (on prices it scales with price³). " +
            "Recomputed per bar (O(window)). " + StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("log_return", "on raw prices the value is dominated by price³; returns expose the non-linearity."),
            WindowParameter.Spec(20, 1, "Must exceed 2·lag (tsfresh gives 0 otherwise)."),
            ParameterSpec.Integer("lag", 1, 0, StatisticalPack.MaxWindow / 2, "Lag, in bars (tsfresh's `lag`)."),
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
        return new ScalarWindowKernel(Outputs, InputSeries.From(p), p.GetInt32("window"), x => PathStatistics.C3(x, lag));
    }
}
