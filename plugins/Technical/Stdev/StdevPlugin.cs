using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Stdev;

/// <summary>The parameters of <see cref="StdevPlugin"/>.</summary>
public sealed class StdevParameters
{
    [Parameter("Lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Rolling population standard deviation of the close.</summary>
public sealed class StdevPlugin() : FeaturePlugin<StdevParameters>(TechnicalPack.Describe("technical.stdev", Outputs, ["close"],
    warmup: "period - 1 bars",
    description: "Standard deviation of the close over the last `period` bars, population form (divide by n; mean " +
                 "first, then squared deviations). z_score = (close - mean)/std_dev, null when std_dev is 0."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput StdDev = Outputs.Float("std_dev", "Population standard deviation of the last `period` closes.");
    private static readonly FloatOutput Mean = Outputs.Float("mean", "Mean of the last `period` closes.", OutputUnit.Price);
    private static readonly FloatOutput ZScore = Outputs.Float("z_score", "(close - mean)/std_dev; null when std_dev is 0.");

    protected override int WarmupBars(StdevParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(StdevParameters p, KernelContext context) => new StdevKernel(p.Period);

    private sealed class StdevKernel(int period) : FeatureKernel(Outputs)
    {
        // Two-pass over the ring (O(period)): exact 0 on a flat window, so z_score is null there.
        private readonly double[] _ring = new double[period];
        private long _count;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            Span<double> sdOut = outputs[StdDev], meanOut = outputs[Mean], zOut = outputs[ZScore];
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
