using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.NumberPeaks;

/// <summary>tsfresh's number_peaks over a rolling window.</summary>
public sealed class NumberPeaksPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Int("number_peaks", "Count of values strictly above each of their n neighbours on both sides, inside the window.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.number_peaks",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "tsfresh number_peaks(x, n) over the last `window` values: the indices i in [n, len-n) of the window where x_i is " +
            "strictly greater than each of its n left and n right neighbours; plateaus never count and the n values at either " +
            "end of the window cannot be peaks. Recomputed per bar (O(window·n)). " + StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("close", "peaks are turning points of the price path."),
            WindowParameter.Spec(20, 3, "Must exceed 2·n."),
            ParameterSpec.Integer("n", 1, 1, StatisticalPack.MaxWindow / 2, "Support of a peak: neighbours it must exceed on each side (tsfresh's `n`)."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        if (2 * parameters.GetInt32("n") >= parameters.GetInt32("window"))
            yield return new ParameterError("n", "2·n must be smaller than window");
    }

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        var n = p.GetInt32("n");
        return new ScalarWindowKernel(Outputs, InputSeries.From(p), p.GetInt32("window"), x => PathStatistics.NumberPeaks(x, n));
    }
}
