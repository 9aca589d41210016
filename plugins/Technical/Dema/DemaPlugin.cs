using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Dema;

/// <summary>The parameters of <see cref="DemaPlugin"/>.</summary>
public sealed class DemaParameters
{
    [Parameter("Lookback of both EMA stages, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Double exponential moving average of the close.</summary>
public sealed class DemaPlugin() : FeaturePlugin<DemaParameters>(TechnicalPack.Describe("technical.dema", Outputs, ["close"],
    warmup: "period - 1 bars (both stages seeded with the SMA of the first `period` closes)",
    description: "Double Exponential Moving Average of the close: 2*EMA1 - EMA2, EMA1 = EMA(close), EMA2 = EMA(EMA1), " +
                 "k = 2/(period+1). Both stages are seeded on the same bar (period-1) with the SMA of the first `period` " +
                 "closes, so the warm-up is period-1 bars, not 2*(period-1) as in some other libraries."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Dema = Outputs.Float("dema", "Double EMA: 2*EMA1 - EMA2, where EMA2 is the EMA of EMA1.", OutputUnit.Price);

    protected override int WarmupBars(DemaParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(DemaParameters p, KernelContext context) => new DemaKernel(p.Period);

    private sealed class DemaKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly double _k = 2.0 / (period + 1);
        private SeededEma _ema1 = new(period);
        private double _ema2 = double.NaN;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            var dema = outputs[Dema];
            for (var i = 0; i < close.Length; i++)
            {
                var e1 = _ema1.Add(close[i]);
                _ema2 = double.IsNaN(_ema2) ? e1 : _ema2 + _k * (e1 - _ema2);
                dema[i] = 2 * e1 - _ema2;
            }
        }
    }
}
