using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Tema;

/// <summary>The parameters of <see cref="TemaPlugin"/>.</summary>
public sealed class TemaParameters
{
    [Parameter("Lookback of the three EMA stages, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 20;
}

/// <summary>Triple exponential moving average of the close.</summary>
public sealed class TemaPlugin() : FeaturePlugin<TemaParameters>(TechnicalPack.Describe("technical.tema", Outputs, ["close"],
    warmup: "period - 1 bars (all stages seeded with the SMA of the first `period` closes)",
    description: "Triple Exponential Moving Average of the close: 3*EMA1 - 3*EMA2 + EMA3, each stage the EMA of the one " +
                 "before, k = 2/(period+1). All three stages are seeded on the same bar (period-1) with the SMA of the " +
                 "first `period` closes, so the warm-up is period-1 bars."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Tema = Outputs.Float("tema", "Triple EMA: 3*EMA1 - 3*EMA2 + EMA3.", OutputUnit.Price);

    protected override int WarmupBars(TemaParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(TemaParameters p, KernelContext context) => new TemaKernel(p.Period);

    private sealed class TemaKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly double _k = 2.0 / (period + 1);
        private SeededEma _ema1 = new(period);
        private double _ema2 = double.NaN;
        private double _ema3 = double.NaN;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            var tema = outputs[Tema];
            for (var i = 0; i < close.Length; i++)
            {
                var e1 = _ema1.Add(close[i]);
                if (double.IsNaN(_ema2))
                {
                    _ema2 = _ema3 = e1;
                }
                else
                {
                    _ema2 += _k * (e1 - _ema2);
                    _ema3 += _k * (_ema2 - _ema3);
                }
                tema[i] = 3 * e1 - 3 * _ema2 + _ema3;
            }
        }
    }
}
