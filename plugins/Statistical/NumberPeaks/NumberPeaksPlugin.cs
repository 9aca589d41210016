using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.NumberPeaks;

/// <summary>The parameters of <see cref="NumberPeaksPlugin"/>.</summary>
public sealed class NumberPeaksParameters
{
    [Input("peaks are turning points of the price path.")]
    public InputKind Input { get; init; } = InputKind.Close;

    [Window(3, "Must exceed 2·n.")]
    public int Window { get; init; } = 20;

    [Parameter("Support of a peak: neighbours it must exceed on each side (tsfresh's `n`).", Minimum = 1, Maximum = StatisticalPack.MaxWindow / 2)]
    public int N { get; init; } = 1;
}

/// <summary>tsfresh's number_peaks over a rolling window.</summary>
public sealed class NumberPeaksPlugin() : FeaturePlugin<NumberPeaksParameters>(StatisticalPack.Describe("statistical.number_peaks", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "tsfresh number_peaks(x, n) over the last `window` values: the indices i in [n, len-n) of the window where x_i is " +
                 "strictly greater than each of its n left and n right neighbours; plateaus never count and the n values at either " +
                 "end of the window cannot be peaks. Recomputed per bar (O(window·n)). " + StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly IntOutput NumberPeaks = Outputs.Int("number_peaks", "Count of values strictly above each of their n neighbours on both sides, inside the window.");

    protected override int WarmupBars(NumberPeaksParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IEnumerable<ParameterError> Validate(NumberPeaksParameters p) =>
        WindowParameter.HalfWindowRule(p.N, p.Window, NameOf(nameof(p.N)), NameOf(nameof(p.Window)));

    protected override IFeatureKernel CreateKernel(NumberPeaksParameters p, KernelContext context)
    {
        var n = p.N;
        return new ScalarWindowKernel(NumberPeaks, p.Input, p.Window, x => PathStatistics.NumberPeaks(x, n));
    }
}
