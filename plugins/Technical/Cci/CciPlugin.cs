using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Cci;

/// <summary>Commodity Channel Index.</summary>
public sealed class CciPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("cci", "(TP - SMA(TP))/(0.015 * mean absolute deviation of TP); null when the deviation is 0.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.cci",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Commodity Channel Index. Typical price TP = (H+L+C)/3; over the last `period` bars CCI = " +
                      "(TP - mean TP)/(0.015 * mean |TP - mean TP|). Null when the mean absolute deviation is 0.",
        Parameters = [ParameterSpec.Integer("period", 20, 1, TechnicalPack.MaxPeriod, "Lookback, in bars.")],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "period - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new CciKernel(context.Parameters.GetInt32("period"));

    private sealed class CciKernel(int period) : BarKernel(Outputs)
    {
        // The mean absolute deviation depends on the current mean, so it is O(period) per bar by nature.
        private readonly double[] _ring = new double[period];
        private long _count;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var cci = outputs[0];
            for (var i = 0; i < close.Length; i++)
            {
                var tp = (high[i] + low[i] + close[i]) / 3d;
                _ring[_count % period] = tp;
                _count++;
                if (_count < period)
                {
                    cci[i] = double.NaN;
                    continue;
                }
                var start = (int)(_count % period);
                var mean = 0.0;
                for (var k = 0; k < period; k++) mean += _ring[(start + k) % period];
                mean /= period;
                var deviation = 0.0;
                for (var k = 0; k < period; k++) deviation += Math.Abs(mean - _ring[(start + k) % period]);
                deviation /= period;
                cci[i] = deviation == 0 ? double.NaN : (tp - mean) / (0.015 * deviation);
            }
        }
    }
}
