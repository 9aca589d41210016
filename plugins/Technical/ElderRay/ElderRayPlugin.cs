using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.ElderRay;

/// <summary>The parameters of <see cref="ElderRayPlugin"/>.</summary>
public sealed class ElderRayParameters
{
    [Parameter("EMA lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 13;
}

/// <summary>Elder-Ray bull and bear power.</summary>
public sealed class ElderRayPlugin() : FeaturePlugin<ElderRayParameters>(TechnicalPack.Describe("technical.elder_ray", Outputs, ["high", "low", "close"],
    warmup: "period - 1 bars",
    description: "Elder-Ray Index. EMA of the close with k = 2/(N+1), seeded with the SMA of the first N closes; " +
                 "bull power = high - EMA, bear power = low - EMA."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Ema = Outputs.Float("ema", "EMA(period) of the close, seeded with the SMA of the first `period` closes.", OutputUnit.Price);
    private static readonly FloatOutput BullPower = Outputs.Float("bull_power", "high - ema.");
    private static readonly FloatOutput BearPower = Outputs.Float("bear_power", "low - ema.");

    protected override int WarmupBars(ElderRayParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(ElderRayParameters p, KernelContext context) => new ElderRayKernel(p.Period);

    private sealed class ElderRayKernel(int period) : FeatureKernel(Outputs)
    {
        private SeededEma _ema = new(period);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            Span<double> emaOut = outputs[Ema], bullPower = outputs[BullPower], bearPower = outputs[BearPower];
            for (var i = 0; i < close.Length; i++)
            {
                var ema = _ema.Add(close[i]);
                emaOut[i] = ema;
                bullPower[i] = high[i] - ema;
                bearPower[i] = low[i] - ema;
            }
        }
    }
}
