using Features.Plugins.Macro.Common;
using Features.PluginSdk;

namespace Features.Plugins.Macro.Change;

/// <summary>How <see cref="ChangePlugin"/> measures a change.</summary>
public enum ChangeMethod
{
    Absolute,
    Percent,
    Log,
}

/// <summary>The parameters of <see cref="ChangePlugin"/>.</summary>
public sealed class ChangeParameters
{
    [Series("macro series")]
    public string? Series { get; init; }

    [Parameter("How many observations of the series back the change is measured (1 = since the previous observation).", Minimum = 1, Maximum = MacroPack.MaxPeriod)]
    public int Periods { get; init; } = 1;

    [Parameter("absolute (x - x0), percent (100 * (x - x0) / x0) or log (ln(x / x0)).")]
    public ChangeMethod Method { get; init; } = ChangeMethod.Percent;

    [ReleaseLag]
    public Duration ReleaseLag { get; init; } = Duration.Parse("0s");
}

/// <summary>Change of a macro series over a number of its own observations, joined point-in-time.</summary>
public sealed class ChangePlugin() : FeaturePlugin<ChangeParameters>(MacroPack.Describe("macro.change", Outputs, ["timestamp"],
    warmup: "none (the host delivers the macro series from the start of its history)",
    description: "Change of a macro series over `periods` of its own observations (not bars): with x the close of the latest " +
                 "observation usable at the bar (stamped t, usable when t + release_lag <= bar) and x0 the close `periods` " +
                 "observations earlier, absolute = x - x0, percent = 100 * (x - x0) / x0, log = ln(x / x0). The value is held " +
                 "from bar to bar until the next observation is usable. Null until periods + 1 observations are usable; " +
                 "percent is null when x0 = 0 and log when x or x0 <= 0. Observations with a non-finite close are skipped."))
{
    private static readonly AuxiliaryInput MacroSeries = new("series");

    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Change = Outputs.Float("change", "Change between the latest usable observation and the one `periods` observations before it, by `method`.");

    protected override int WarmupBars(ChangeParameters p) => 0;

    protected override IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(ChangeParameters p) => [MacroSeries.For(p.Series!)];

    protected override IFeatureKernel CreateKernel(ChangeParameters p, KernelContext context) =>
        new ChangeKernel(new AsOfSeries(MacroSeries.Open(context), p.ReleaseLag.Value), p.Periods, p.Method);

    private sealed class ChangeKernel(AsOfSeries series, int periods, ChangeMethod method) : FeatureKernel(Outputs)
    {
        private readonly ValueRing _history = new(periods + 1);
        private double _change = double.NaN;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var timestamps = bars.Timestamp;
            var change = outputs[Change];
            for (var i = 0; i < timestamps.Length; i++)
            {
                var fresh = false;
                while (series.TryTakeNext(timestamps[i], out var observation))
                {
                    // A non-finite close is a gap in the series, not an observation to count.
                    if (!double.IsFinite(observation.Close)) continue;
                    _history.Add(observation.Close);
                    fresh = true;
                }
                if (fresh)
                {
                    _change = _history.IsFull ? Measure(_history.Back(0), _history.Back(periods)) : double.NaN;
                }
                change[i] = _change;
            }
        }

        private double Measure(double x, double x0) => method switch
        {
            ChangeMethod.Absolute => x - x0,
            ChangeMethod.Percent => x0 != 0 ? 100 * (x - x0) / x0 : double.NaN,
            _ => x > 0 && x0 > 0 ? Math.Log(x / x0) : double.NaN,
        };
    }
}
