using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Stdev;

/// <summary>Rolling population standard deviation of the close.</summary>
public sealed class StdevPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("std_dev", "Population standard deviation of the last `period` closes."),
        OutputColumn.Float("mean", "Mean of the last `period` closes."),
        OutputColumn.Float("z_score", "(close - mean)/std_dev; null when std_dev is 0."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.stdev",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Standard deviation of the close over the last `period` bars, population form (divide by n; mean " +
                      "first, then squared deviations). z_score = (close - mean)/std_dev, null when std_dev is 0.",
        Parameters = [ParameterSpec.Integer("period", 14, 1, TechnicalPack.MaxPeriod, "Lookback, in bars.")],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new StdevKernel(context.Parameters.GetInt32("period"));

    private sealed class StdevKernel(int period) : BarKernel(Outputs)
    {
        // Two-pass over the ring (O(period)): exact 0 on a flat window, so z_score is null there.
        private readonly double[] _ring = new double[period];
        private long _count;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var (sdOut, meanOut, zOut) = (outputs[0], outputs[1], outputs[2]);
            for (var i = 0; i < close.Length; i++)
            {
                var c = close[i];
                _ring[_count % period] = c;
                _count++;
                if (_count < period)
                {
                    sdOut[i] = meanOut[i] = zOut[i] = double.NaN;
                    continue;
                }
                var (mean, sd) = WindowStatistics.MeanAndPopulationStdDev(_ring, _count, period);
                sdOut[i] = sd;
                meanOut[i] = mean;
                zOut[i] = sd == 0 ? double.NaN : (c - mean) / sd;
            }
        }
    }
}
