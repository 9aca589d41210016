using Features.Plugins.Macro.Common;
using Features.PluginSdk;

namespace Features.Plugins.Macro.AsOf;

/// <summary>The latest value of a macro series that was known at each bar (point-in-time join).</summary>
public sealed class AsOfPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("value", "Close of the latest observation of `series` usable at this bar; null before the first one."),
        OutputColumn.Float("age_days", "Days from that observation's timestamp to this bar's timestamp (fractional; includes the release lag)."),
        OutputColumn.Bool("is_new", "True on the first bar at which that observation became usable, false on later bars until the next one."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "macro.asof",
        Type = FeatureType.Macro,
        Version = MacroPack.Version,
        Description = "As-of join of a macro series (CPI, a policy rate, a yield...) onto this symbol's bars: at each bar, the close " +
                      "of the latest observation stamped t with t + release_lag <= the bar's timestamp. Observations that are not " +
                      "yet usable are never read, so appending later observations changes no earlier value. Reads only the bars' " +
                      "timestamps. Null before the first usable observation.",
        Parameters =
        [
            MacroPack.Series("series", "macro series"),
            MacroPack.ReleaseLag(),
        ],
        Outputs = Outputs,
        InputColumns = ["timestamp"],
        WarmupRule = "none (the host delivers the macro series from the start of its history)",
    };

    public int WarmupBars(ParameterValues parameters) => 0;

    public IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(ParameterValues parameters) =>
        [new("series", parameters.GetString("series"))];

    public IFeatureKernel CreateKernel(KernelContext context) =>
        new AsOfKernel(new AsOfSeries(MacroPack.Auxiliary(context, "series"), context.Parameters.GetDuration("release_lag")));

    private sealed class AsOfKernel(AsOfSeries series) : BarKernel(Outputs)
    {
        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var timestamps = bars.Timestamp;
            var (value, age, isNew) = (outputs[0], outputs[1], outputs[2]);
            for (var i = 0; i < timestamps.Length; i++)
            {
                var ts = timestamps[i];
                var fresh = series.CatchUp(ts) > 0;
                if (!series.HasValue)
                {
                    value[i] = age[i] = isNew[i] = double.NaN;
                    continue;
                }
                value[i] = series.Value;
                age[i] = (ts - series.ObservedAt) / MacroPack.MicrosPerDay;
                isNew[i] = fresh ? 1 : 0;
            }
        }
    }
}
