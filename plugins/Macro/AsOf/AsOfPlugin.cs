using Features.Plugins.Macro.Common;
using Features.PluginSdk;

namespace Features.Plugins.Macro.AsOf;

/// <summary>The parameters of <see cref="AsOfPlugin"/>.</summary>
public sealed class AsOfParameters
{
    [Series("macro series")]
    public string? Series { get; init; }

    [ReleaseLag]
    public Duration ReleaseLag { get; init; } = Duration.Parse("0s");
}

/// <summary>The latest value of a macro series that was known at each bar (point-in-time join).</summary>
public sealed class AsOfPlugin() : FeaturePlugin<AsOfParameters>(MacroPack.Describe("macro.asof", Outputs, ["timestamp"],
    warmup: "none (the host delivers the macro series from the start of its history)",
    description: "As-of join of a macro series (CPI, a policy rate, a yield...) onto this symbol's bars: at each bar, the close " +
                 "of the latest observation stamped t with t + release_lag <= the bar's timestamp. Observations that are not " +
                 "yet usable are never read, so appending later observations changes no earlier value. Reads only the bars' " +
                 "timestamps. Null before the first usable observation."))
{
    private static readonly AuxiliaryInput MacroSeries = new("series");

    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Value = Outputs.Float("value", "Close of the latest observation of `series` usable at this bar; null before the first one.");
    private static readonly FloatOutput AgeDays = Outputs.Float("age_days", "Days from that observation's timestamp to this bar's timestamp (fractional; includes the release lag).");
    private static readonly BoolOutput IsNew = Outputs.Bool("is_new", "True on the first bar at which that observation became usable, false on later bars until the next one.");

    protected override int WarmupBars(AsOfParameters p) => 0;

    protected override IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(AsOfParameters p) => [MacroSeries.For(p.Series!)];

    protected override IFeatureKernel CreateKernel(AsOfParameters p, KernelContext context) =>
        new AsOfKernel(new AsOfSeries(MacroSeries.Open(context), p.ReleaseLag.Value));

    private sealed class AsOfKernel(AsOfSeries series) : FeatureKernel(Outputs)
    {
        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var timestamps = bars.Timestamp;
            Span<double> value = outputs[Value], age = outputs[AgeDays];
            var isNew = outputs[IsNew];
            for (var i = 0; i < timestamps.Length; i++)
            {
                var ts = timestamps[i];
                var fresh = series.CatchUp(ts) > 0;
                if (!series.HasValue)
                {
                    value[i] = age[i] = double.NaN;
                    isNew.SetNull(i);
                    continue;
                }
                value[i] = series.Value;
                age[i] = (ts - series.ObservedAt) / MacroPack.MicrosPerDay;
                isNew.Set(i, fresh);
            }
        }
    }
}
