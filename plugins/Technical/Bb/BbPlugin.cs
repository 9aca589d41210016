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
        // The deviation is recomputed over the ring (two-pass, O(period)) rather than from running sums,
        // which lose precision on prices; a flat window is detected exactly (a run of equal closes), since
        // z_score and percent_b must be null there and rounding could leave a tiny non-zero deviation.
        private readonly double[] _ring = new double[period];
        private long _count;
        private int _next;
        private int _run;
        private double _last = double.NaN;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var (sma, upper, lower, percentB, zScore, width) = (outputs[0], outputs[1], outputs[2], outputs[3], outputs[4], outputs[5]);
            var ring = _ring;
            // The running state in locals for the batch (written back below) rather than fields per bar.
            var (next, count, run, last) = (_next, _count, _run, _last);
            for (var i = 0; i < close.Length; i++)
            {
                var c = close[i];
                ring[next] = c;
                next = next + 1 == period ? 0 : next + 1;
                count++;
                run = c == last ? run + 1 : 1;
                last = c;
                if (count < period)
                {
                    sma[i] = upper[i] = lower[i] = percentB[i] = zScore[i] = width[i] = double.NaN;
                    continue;
                }
                double mean, sd;
                if (run >= period)
                {
                    (mean, sd) = (c, 0);
                }
                else
                {
                    (mean, sd) = MeanAndStdDev(ring, period);
                }
                var u = mean + multiplier * sd;
                var l = mean - multiplier * sd;
                sma[i] = mean;
                upper[i] = u;
                lower[i] = l;
                percentB[i] = u - l == 0 ? double.NaN : (c - l) / (u - l);
                zScore[i] = sd == 0 ? double.NaN : (c - mean) / sd;
                width[i] = mean == 0 ? double.NaN : (u - l) / mean;
            }
            (_next, _count, _run, _last) = (next, count, run, last);
        }

        // Order-free sums with four accumulators: four short dependency chains instead of one long one.
        private static (double Mean, double StdDev) MeanAndStdDev(double[] ring, int period)
        {
            double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            var k = 0;
            for (; k + 4 <= period; k += 4)
            {
                s0 += ring[k];
                s1 += ring[k + 1];
                s2 += ring[k + 2];
                s3 += ring[k + 3];
            }
            for (; k < period; k++) s0 += ring[k];
            var mean = (s0 + s1 + (s2 + s3)) / period;
            double q0 = 0, q1 = 0, q2 = 0, q3 = 0;
            for (k = 0; k + 4 <= period; k += 4)
            {
                var d0 = ring[k] - mean;
                var d1 = ring[k + 1] - mean;
                var d2 = ring[k + 2] - mean;
                var d3 = ring[k + 3] - mean;
                q0 += d0 * d0;
                q1 += d1 * d1;
                q2 += d2 * d2;
                q3 += d3 * d3;
            }
            for (; k < period; k++) q0 += (ring[k] - mean) * (ring[k] - mean);
            return (mean, period <= 1 ? 0 : Math.Sqrt((q0 + q1 + (q2 + q3)) / period));
        }
    }
}
