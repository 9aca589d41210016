using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.Zscore;

/// <summary>The parameters of <see cref="ZscorePlugin"/>.</summary>
public sealed class ZscoreParameters
{
    [Input("the z-score of the price against its recent range is the usual mean-reversion signal.")]
    public InputKind Input { get; init; } = InputKind.Close;

    [Window(2)]
    public int Window { get; init; } = 20;

    [Parameter("Delta degrees of freedom of σ: 1 = sample (default), 0 = population.", Minimum = 0, Maximum = 1)]
    public int Ddof { get; init; } = 1;
}

/// <summary>How many standard deviations the newest value lies from the window mean.</summary>
public sealed class ZscorePlugin() : FeaturePlugin<ZscoreParameters>(StatisticalPack.Describe("statistical.zscore", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "Rolling z-score of the newest input value against the last `window` values (the newest included): " +
                 "(x_t - μ)/σ with σ = √(Σ(x-μ)²/(n-ddof)). tsfresh has no z-score; the default ddof 1 is the sample standard " +
                 "deviation, ddof 0 the population one (Stock.Indicators' StdDev zScore, Bollinger's). A window with σ = 0 is null, " +
                 "never infinity. Recomputed per bar over the window, two-pass (O(window)). " + StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Zscore = Outputs.Float("zscore", "(x_t - mean) / std over the window ending at t (x_t included); null when std is 0.");

    protected override int WarmupBars(ZscoreParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IEnumerable<ParameterError> Validate(ZscoreParameters p)
    {
        if (p.Window <= p.Ddof)
            yield return Error(nameof(p.Window), $"{NameOf(nameof(p.Window))} must exceed {NameOf(nameof(p.Ddof))}");
    }

    protected override IFeatureKernel CreateKernel(ZscoreParameters p, KernelContext context) => new Kernel(p.Input, p.Window, p.Ddof);

    private sealed class Kernel(InputKind input, int window, int ddof) : WindowKernel(Outputs, input, window)
    {
        protected override void Evaluate(ReadOnlySpan<double> x, in WindowRow row)
        {
            var (mean, std) = Moments.MeanAndStdDev(x, ddof);
            row.Set(Zscore, std > 0 ? (x[^1] - mean) / std : double.NaN);
        }
    }
}
