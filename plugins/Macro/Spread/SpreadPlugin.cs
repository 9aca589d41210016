using Features.Plugins.Macro.Common;
using Features.PluginSdk;

namespace Features.Plugins.Macro.Spread;

/// <summary>The difference of two macro series (e.g. 10y minus 2y yield), each joined point-in-time.</summary>
public sealed class SpreadPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("spread", "Latest usable close of `series` minus latest usable close of `series2`; null until both have one."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "macro.spread",
        Type = FeatureType.Macro,
        Version = MacroPack.Version,
        Description = "Spread between two macro series: at each bar, the close of the latest usable observation of `series` minus " +
                      "that of `series2`, each as of the bar (an observation stamped t is usable when t + release_lag <= bar; the " +
                      "same lag applies to both). The two series need not share timestamps or frequency. Null until both have a " +
                      "usable observation.",
        Parameters =
        [
            MacroPack.Series("series", "first macro series (the minuend)"),
            MacroPack.Series("series2", "second macro series (subtracted)"),
            MacroPack.ReleaseLag(),
        ],
        Outputs = Outputs,
        InputColumns = ["timestamp"],
        WarmupRule = "none (the host delivers the macro series from the start of their history)",
    };

    public int WarmupBars(ParameterValues parameters) => 0;

    public IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(ParameterValues parameters) =>
        [new("series", parameters.GetString("series")), new("series2", parameters.GetString("series2"))];

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        if (parameters.Values.ContainsKey("series") && parameters.Values.ContainsKey("series2") &&
            string.Equals(parameters.GetString("series"), parameters.GetString("series2"), StringComparison.Ordinal))
        {
            yield return new ParameterError("series2", "'series2' must name a different series than 'series' (the spread would be 0)");
        }
    }

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var lag = context.Parameters.GetDuration("release_lag");
        return new SpreadKernel(
            new AsOfSeries(MacroPack.Auxiliary(context, "series"), lag),
            new AsOfSeries(MacroPack.Auxiliary(context, "series2"), lag));
    }

    private sealed class SpreadKernel(AsOfSeries first, AsOfSeries second) : BarKernel(Outputs)
    {
        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var timestamps = bars.Timestamp;
            var spread = outputs[0];
            for (var i = 0; i < timestamps.Length; i++)
            {
                first.CatchUp(timestamps[i]);
                second.CatchUp(timestamps[i]);
                spread[i] = first.HasValue && second.HasValue ? first.Value - second.Value : double.NaN;
            }
        }
    }
}
