using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Cci;

/// <summary>The parameters of <see cref="CciPlugin"/>.</summary>
public sealed class CciParameters
{
    [Parameter("Lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 20;
}

/// <summary>Commodity Channel Index.</summary>
public sealed class CciPlugin() : FeaturePlugin<CciParameters>(TechnicalPack.Describe("technical.cci", Outputs, ["high", "low", "close"],
    warmup: "period - 1 bars",
    description: "Commodity Channel Index. Typical price TP = (H+L+C)/3; over the last `period` bars CCI = " +
                 "(TP - mean TP)/(0.015 * mean |TP - mean TP|). Null when the mean absolute deviation is 0."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Cci = Outputs.Float("cci", "(TP - SMA(TP))/(0.015 * mean absolute deviation of TP); null when the deviation is 0.");

    protected override int WarmupBars(CciParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(CciParameters p, KernelContext context) => new CciKernel(p.Period);

    private sealed class CciKernel(int period) : FeatureKernel(Outputs)
    {
        // The mean absolute deviation depends on the current mean, so it is O(period) per bar by nature.
        private readonly double[] _ring = new double[period];
        private long _count;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var cci = outputs[Cci];
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
