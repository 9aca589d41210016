using Features.Plugins.Macro.Common;
using Features.PluginSdk;

namespace Features.Plugins.Macro.ZScore;

/// <summary>The parameters of <see cref="ZScorePlugin"/>.</summary>
public sealed class ZScoreParameters
{
    [Series("macro series")]
    public string? Series { get; init; }

    [Parameter("How many observations of the series the mean and standard deviation use (12 = a year of monthly data).", Minimum = 2, Maximum = MacroPack.MaxPeriod)]
    public int Window { get; init; } = 12;

    [ReleaseLag]
    public Duration ReleaseLag { get; init; } = Duration.Parse("0s");
}

/// <summary>Z-score of a macro series against its own recent observations, joined point-in-time.</summary>
public sealed class ZScorePlugin() : FeaturePlugin<ZScoreParameters>(MacroPack.Describe("macro.zscore", Outputs, ["timestamp"],
    warmup: "none (the host delivers the macro series from the start of its history)",
    description: "Z-score of a macro series over its own observations (not bars): x is the close of the latest observation " +
                 "usable at the bar (stamped t, usable when t + release_lag <= bar); mean and sample standard deviation " +
                 "(ddof = 1) are over the last `window` usable observations, x included. The value is held from bar to bar " +
                 "until the next observation is usable. Null until `window` observations are usable; zscore is null when " +
                 "the window is flat (std_dev = 0). Observations with a non-finite close are skipped."))
{
    private static readonly AuxiliaryInput MacroSeries = new("series");

    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput ZScore = Outputs.Float("zscore", "(x - mean) / std_dev for the latest usable observation x; null when std_dev is 0.");
    private static readonly FloatOutput Mean = Outputs.Float("mean", "Mean of the last `window` usable observations (x included).");
    private static readonly FloatOutput StdDev = Outputs.Float("std_dev", "Sample standard deviation (n - 1 denominator) of the last `window` usable observations.");

    protected override int WarmupBars(ZScoreParameters p) => 0;

    protected override IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(ZScoreParameters p) => [MacroSeries.For(p.Series!)];

    protected override IFeatureKernel CreateKernel(ZScoreParameters p, KernelContext context) =>
        new ZScoreKernel(new AsOfSeries(MacroSeries.Open(context), p.ReleaseLag.Value), p.Window);

    private sealed class ZScoreKernel(AsOfSeries series, int window) : FeatureKernel(Outputs)
    {
        private readonly RollingCoMoments _moments = new(window);
        private double _latest = double.NaN;
        private double _zscore = double.NaN;
        private double _mean = double.NaN;
        private double _stdDev = double.NaN;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var timestamps = bars.Timestamp;
            Span<double> zscore = outputs[ZScore], mean = outputs[Mean], stdDev = outputs[StdDev];
            for (var i = 0; i < timestamps.Length; i++)
            {
                var fresh = false;
                while (series.TryTakeNext(timestamps[i], out var observation))
                {
                    // A non-finite close is a gap in the series, not a value to average.
                    if (!double.IsFinite(observation.Close)) continue;
                    _latest = observation.Close;
                    _moments.Add(_latest, 0);
                    fresh = true;
                }
                if (fresh && _moments.IsFull)
                {
                    _mean = _moments.MeanX;
                    _stdDev = Math.Sqrt(_moments.SampleVarianceX);
                    _zscore = _stdDev > 0 ? (_latest - _mean) / _stdDev : double.NaN;
                }
                zscore[i] = _zscore;
                mean[i] = _mean;
                stdDev[i] = _stdDev;
            }
        }
    }
}
