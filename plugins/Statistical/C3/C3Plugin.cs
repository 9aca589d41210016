using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.C3;

/// <summary>The parameters of <see cref="C3Plugin"/>.</summary>
public sealed class C3Parameters
{
    [Input("on raw prices the value is dominated by price³; returns expose the non-linearity.")]
    public InputKind Input { get; init; } = InputKind.LogReturn;

    [Window(1, "Must exceed 2·lag (tsfresh gives 0 otherwise).")]
    public int Window { get; init; } = 20;

    [Parameter("Lag, in bars (tsfresh's `lag`).", Minimum = 0, Maximum = StatisticalPack.MaxWindow / 2)]
    public int Lag { get; init; } = 1;
}

/// <summary>tsfresh's c3 non-linearity statistic over a rolling window.</summary>
public sealed class C3Plugin() : FeaturePlugin<C3Parameters>(StatisticalPack.Describe("statistical.c3", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "tsfresh c3(x, lag) over the last `window` values (Schreiber–Schmitz non-linearity): mean over i = 0..n-2lag-1 of " +
                 "x_{i+2lag}·x_{i+lag}·x_i on raw values, neither centred nor scaled (on prices it scales with price³). " +
                 "Recomputed per bar (O(window)). " + StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput C3 = Outputs.Float("c3", "mean of x_{i+2lag}·x_{i+lag}·x_i over the window (raw values).");

    protected override int WarmupBars(C3Parameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IEnumerable<ParameterError> Validate(C3Parameters p) =>
        WindowParameter.HalfWindowRule(p.Lag, p.Window, NameOf(nameof(p.Lag)), NameOf(nameof(p.Window)));

    protected override IFeatureKernel CreateKernel(C3Parameters p, KernelContext context)
    {
        var lag = p.Lag;
        return new ScalarWindowKernel(C3, p.Input, p.Window, x => PathStatistics.C3(x, lag));
    }
}
