using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.LinearTrend;

/// <summary>The parameters of <see cref="LinearTrendPlugin"/>.</summary>
public sealed class LinearTrendParameters
{
    [Input("a linear trend describes the price path.")]
    public InputKind Input { get; init; } = InputKind.Close;

    [Window(3, "At least 3 so stderr is defined.")]
    public int Window { get; init; } = 20;
}

/// <summary>tsfresh's linear_trend: least-squares line of the window against the bar index.</summary>
public sealed class LinearTrendPlugin() : FeaturePlugin<LinearTrendParameters>(StatisticalPack.Describe("statistical.linear_trend", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "tsfresh linear_trend = scipy.stats.linregress(range(n), window): the regressor is the bar index 0..n-1 of the " +
                 "window, not time. slope = S_ty/S_tt, intercept = ȳ - slope·t̄ (the fit at the window's first bar), rvalue = " +
                 "S_ty/√(S_tt·S_yy), stderr = √((1-r²)·S_yy/S_tt/(n-2)), S the mean cross-products. A constant window has slope 0, " +
                 "intercept = the value, rvalue and stderr null. Recomputed per bar over the window (O(window)). " +
                 StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Slope = Outputs.Float("slope", "Least-squares slope per bar of the window against the index 0..n-1.");
    private static readonly FloatOutput Intercept = Outputs.Float("intercept", "Fitted value at the window's FIRST bar (index 0); the fit at the current bar is intercept + slope·(window-1).");
    private static readonly FloatOutput Rvalue = Outputs.Float("rvalue", "Pearson correlation of the window with its index, in [-1, 1]; null for a constant window.");
    private static readonly FloatOutput Stderr = Outputs.Float("stderr", "Standard error of the slope, √((1-r²)·S_yy/S_tt/(n-2)); null for a constant window.");

    protected override int WarmupBars(LinearTrendParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IFeatureKernel CreateKernel(LinearTrendParameters p, KernelContext context) => new Kernel(p.Input, p.Window);

    private sealed class Kernel(InputKind input, int window) : WindowKernel(Outputs, input, window)
    {
        protected override void Evaluate(ReadOnlySpan<double> x, in WindowRow row)
        {
            var (slope, intercept, r, stderr) = LeastSquaresTrend.Fit(x);
            row.Set(Slope, slope);
            row.Set(Intercept, intercept);
            row.Set(Rvalue, r);
            row.Set(Stderr, stderr);
        }
    }
}
