using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.TimeReversalAsymmetry;

/// <summary>The parameters of <see cref="TimeReversalAsymmetryPlugin"/>.</summary>
public sealed class TimeReversalAsymmetryParameters
{
    [Input("on raw prices the value scales with price³; returns expose the asymmetry.")]
    public InputKind Input { get; init; } = InputKind.LogReturn;

    [Window(3, "Must exceed 2·lag (tsfresh gives 0 otherwise).")]
    public int Window { get; init; } = 20;

    [Parameter("Lag, in bars (tsfresh's `lag`).", Minimum = 1, Maximum = StatisticalPack.MaxWindow / 2)]
    public int Lag { get; init; } = 1;
}

/// <summary>tsfresh's time_reversal_asymmetry_statistic over a rolling window.</summary>
public sealed class TimeReversalAsymmetryPlugin() : FeaturePlugin<TimeReversalAsymmetryParameters>(StatisticalPack.Describe("statistical.time_reversal_asymmetry", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "tsfresh time_reversal_asymmetry_statistic(x, lag) over the last `window` values: mean over i = 0..n-2lag-1 of " +
                 "x_{i+2lag}²·x_{i+lag} - x_{i+lag}·x_i² on raw values. Recomputed per bar (O(window)). " + StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput TimeReversalAsymmetry = Outputs.Float("time_reversal_asymmetry", "mean of x_{i+2lag}²·x_{i+lag} - x_{i+lag}·x_i² over the window (raw values).");

    protected override int WarmupBars(TimeReversalAsymmetryParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IEnumerable<ParameterError> Validate(TimeReversalAsymmetryParameters p) =>
        WindowParameter.HalfWindowRule(p.Lag, p.Window, NameOf(nameof(p.Lag)), NameOf(nameof(p.Window)));

    protected override IFeatureKernel CreateKernel(TimeReversalAsymmetryParameters p, KernelContext context)
    {
        var lag = p.Lag;
        return new ScalarWindowKernel(TimeReversalAsymmetry, p.Input, p.Window, x => PathStatistics.TimeReversalAsymmetry(x, lag));
    }
}
