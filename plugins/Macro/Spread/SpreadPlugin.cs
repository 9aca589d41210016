using Features.Plugins.Macro.Common;
using Features.PluginSdk;

namespace Features.Plugins.Macro.Spread;

/// <summary>The parameters of <see cref="SpreadPlugin"/>.</summary>
public sealed class SpreadParameters
{
    [Series("first macro series (the minuend)")]
    public string? Series { get; init; }

    [Series("second macro series (subtracted)")]
    public string? Series2 { get; init; }

    [ReleaseLag]
    public Duration ReleaseLag { get; init; } = Duration.Parse("0s");
}

/// <summary>The difference of two macro series (e.g. 10y minus 2y yield), each joined point-in-time.</summary>
public sealed class SpreadPlugin() : FeaturePlugin<SpreadParameters>(MacroPack.Describe("macro.spread", Outputs, ["timestamp"],
    warmup: "none (the host delivers the macro series from the start of their history)",
    description: "Spread between two macro series: at each bar, the close of the latest usable observation of `series` minus " +
                 "that of `series2`, each as of the bar (an observation stamped t is usable when t + release_lag <= bar; the " +
                 "same lag applies to both). The two series need not share timestamps or frequency. Null until both have a " +
                 "usable observation."))
{
    private static readonly AuxiliaryInput FirstSeries = new("series");
    private static readonly AuxiliaryInput SecondSeries = new("series2");

    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Spread = Outputs.Float("spread", "Latest usable close of `series` minus latest usable close of `series2`; null until both have one.");

    protected override int WarmupBars(SpreadParameters p) => 0;

    protected override IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(SpreadParameters p) =>
        [FirstSeries.For(p.Series!), SecondSeries.For(p.Series2!)];

    protected override IEnumerable<ParameterError> Validate(SpreadParameters p)
    {
        if (p.Series is not null && p.Series2 is not null && string.Equals(p.Series, p.Series2, StringComparison.Ordinal))
        {
            yield return Error(nameof(p.Series2),
                $"'{NameOf(nameof(p.Series2))}' must name a different series than '{NameOf(nameof(p.Series))}' (the spread would be 0)");
        }
    }

    protected override IFeatureKernel CreateKernel(SpreadParameters p, KernelContext context)
    {
        var lag = p.ReleaseLag.Value;
        return new SpreadKernel(new AsOfSeries(FirstSeries.Open(context), lag), new AsOfSeries(SecondSeries.Open(context), lag));
    }

    private sealed class SpreadKernel(AsOfSeries first, AsOfSeries second) : FeatureKernel(Outputs)
    {
        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var timestamps = bars.Timestamp;
            var spread = outputs[Spread];
            for (var i = 0; i < timestamps.Length; i++)
            {
                first.CatchUp(timestamps[i]);
                second.CatchUp(timestamps[i]);
                spread[i] = first.HasValue && second.HasValue ? first.Value - second.Value : double.NaN;
            }
        }
    }
}
