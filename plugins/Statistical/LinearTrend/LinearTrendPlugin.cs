using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.LinearTrend;

/// <summary>tsfresh's linear_trend: least-squares line of the window against the bar index.</summary>
public sealed class LinearTrendPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("slope", "Least-squares slope per bar of the window against the index 0..n-1."),
        OutputColumn.Float("intercept", "Fitted value at the window's FIRST bar (index 0); the fit at the current bar is intercept + slope·(window-1)."),
        OutputColumn.Float("rvalue", "Pearson correlation of the window with its index, in [-1, 1]; null for a constant window."),
        OutputColumn.Float("stderr", "Standard error of the slope, √((1-r²)·S_yy/S_tt/(n-2)); null for a constant window."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.linear_trend",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "tsfresh linear_trend = scipy.stats.linregress(range(n), window): the regressor is the bar index 0..n-1 of the " +
            "window, not time. slope = S_ty/S_tt, intercept = ȳ - slope·t̄ (the fit at the window's first bar), rvalue = " +
            "S_ty/√(S_tt·S_yy), stderr = √((1-r²)·S_yy/S_tt/(n-2)), S the mean cross-products. A constant window has slope 0, " +
            "intercept = the value, rvalue and stderr null. Recomputed per bar over the window (O(window)). " +
            StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("close", "a linear trend describes the price path."),
            WindowParameter.Spec(20, 3, "At least 3 so stderr is defined."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new Kernel(InputSeries.From(p), p.GetInt32("window"));
    }

    private sealed class Kernel(InputKind input, int window) : WindowKernel(Outputs, input, window)
    {
        protected override void Evaluate(ReadOnlySpan<double> x, Span<double> row)
        {
            var (slope, intercept, r, stderr) = LeastSquaresTrend.Fit(x);
            row[0] = slope;
            row[1] = intercept;
            row[2] = r;
            row[3] = stderr;
        }
    }
}
