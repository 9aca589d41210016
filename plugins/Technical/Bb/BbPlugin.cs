using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Bb;

/// <summary>Bollinger Bands.</summary>
public sealed class BbPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("sma", "Middle band: mean of the last `period` closes."),
        OutputColumn.Float("upper_band", "sma + std_dev * population standard deviation."),
        OutputColumn.Float("lower_band", "sma - std_dev * population standard deviation."),
        OutputColumn.Float("percent_b", "(close - lower)/(upper - lower); null when the bands coincide."),
        OutputColumn.Float("z_score", "(close - sma)/standard deviation; null when the deviation is 0."),
        OutputColumn.Float("width", "(upper - lower)/sma; null when sma is 0."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.bb",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Bollinger Bands on the close. Middle band = SMA(period); the deviation is the population standard " +
                      "deviation (divide by n, mean first, then squared deviations) of the same closes; bands = sma ± " +
                      "std_dev*sd. percent_b, z_score and width are null when their denominator is 0.",
        Parameters =
        [
            ParameterSpec.Integer("period", 20, 1, TechnicalPack.MaxPeriod, "Lookback, in bars."),
            ParameterSpec.Number("std_dev", 2, 0.01, 100, "Band width in standard deviations."),
        ],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) =>
        new BbKernel(context.Parameters.GetInt32("period"), context.Parameters.GetDouble("std_dev"));

    private sealed class BbKernel(int period, double multiplier) : BarKernel(Outputs)
    {
        // The deviation is recomputed over the ring (two-pass, O(period)): a one-pass running variance would
        // not give an exact 0 on a flat window, where z_score and percent_b must be null.
        private readonly double[] _ring = new double[period];
        private long _count;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var (sma, upper, lower, percentB, zScore, width) = (outputs[0], outputs[1], outputs[2], outputs[3], outputs[4], outputs[5]);
            for (var i = 0; i < close.Length; i++)
            {
                var c = close[i];
                _ring[_count % period] = c;
                _count++;
                if (_count < period)
                {
                    sma[i] = upper[i] = lower[i] = percentB[i] = zScore[i] = width[i] = double.NaN;
                    continue;
                }
                var (mean, sd) = WindowStatistics.MeanAndPopulationStdDev(_ring, _count, period);
                var u = mean + multiplier * sd;
                var l = mean - multiplier * sd;
                sma[i] = mean;
                upper[i] = u;
                lower[i] = l;
                percentB[i] = u - l == 0 ? double.NaN : (c - l) / (u - l);
                zScore[i] = sd == 0 ? double.NaN : (c - mean) / sd;
                width[i] = mean == 0 ? double.NaN : (u - l) / mean;
            }
        }
    }
}
