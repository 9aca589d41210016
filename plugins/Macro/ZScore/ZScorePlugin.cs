using Features.Plugins.Macro.Common;
using Features.PluginSdk;

namespace Features.Plugins.Macro.ZScore;

/// <summary>Z-score of a macro series against its own recent observations, joined point-in-time.</summary>
public sealed class ZScorePlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("zscore", "(x - mean) / std_dev for the latest usable observation x; null when std_dev is 0."),
        OutputColumn.Float("mean", "Mean of the last `window` usable observations (x included)."),
        OutputColumn.Float("std_dev", "Sample standard deviation (n - 1 denominator) of the last `window` usable observations."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "macro.zscore",
        Type = FeatureType.Macro,
        Version = MacroPack.Version,
        Description = "Z-score of a macro series over its own observations (not bars): x is the close of the latest observation " +
                      "usable at the bar (stamped t, usable when t + release_lag <= bar); mean and sample standard deviation " +
                      "(ddof = 1) are over the last `window` usable observations, x included. The value is held from bar to bar " +
                      "until the next observation is usable. Null until `window` observations are usable; zscore is null when " +
                      "the window is flat (std_dev = 0). Observations with a non-finite close are skipped.",
        Parameters =
        [
            MacroPack.Series("series", "macro series"),
            ParameterSpec.Integer("window", 12, 2, MacroPack.MaxPeriod, "How many observations of the series the mean and standard deviation use (12 = a year of monthly data)."),
            MacroPack.ReleaseLag(),
        ],
        Outputs = Outputs,
        InputColumns = ["timestamp"],
        WarmupRule = "none (the host delivers the macro series from the start of its history)",
    };

    public int WarmupBars(ParameterValues parameters) => 0;

    public IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(ParameterValues parameters) =>
        [new("series", parameters.GetString("series"))];

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        var series = new AsOfSeries(MacroPack.Auxiliary(context, "series"), p.GetDuration("release_lag"));
        return new ZScoreKernel(series, p.GetInt32("window"));
    }

    private sealed class ZScoreKernel(AsOfSeries series, int window) : BarKernel(Outputs)
    {
        private readonly RollingCoMoments _moments = new(window);
        private double _latest = double.NaN;
        private double _zscore = double.NaN;
        private double _mean = double.NaN;
        private double _stdDev = double.NaN;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var timestamps = bars.Timestamp;
            var (zscore, mean, stdDev) = (outputs[0], outputs[1], outputs[2]);
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
