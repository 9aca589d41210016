using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Trix;

/// <summary>The parameters of <see cref="TrixPlugin"/>.</summary>
public sealed class TrixParameters
{
    [Parameter("Lookback of the three EMA stages, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>TRIX: rate of change of a triple-smoothed EMA of the close.</summary>
public sealed class TrixPlugin() : FeaturePlugin<TrixParameters>(TechnicalPack.Describe("technical.trix", Outputs, ["close"],
    warmup: "period bars",
    description: "TRIX: the one-bar percent change of a triple-smoothed EMA of the close (k = 2/(period+1)). All three " +
                 "EMA stages are seeded on bar period-1 with the SMA of the first `period` closes; both columns start " +
                 "one bar later (bar `period`), the first bar that has a previous ema3. trix = 100*(ema3 - prev)/prev, " +
                 "null when prev is 0."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Ema3 = Outputs.Float("ema3", "Triple-smoothed EMA of the close (EMA of EMA of EMA).", OutputUnit.Price);
    private static readonly FloatOutput Trix = Outputs.Float("trix", "100 * (ema3 / previous ema3 - 1), percent; null when the previous ema3 is 0.");

    protected override int WarmupBars(TrixParameters p) => p.Period;

    protected override IFeatureKernel CreateKernel(TrixParameters p, KernelContext context) => new TrixKernel(p.Period);

    private sealed class TrixKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly double _k = 2.0 / (period + 1);
        private SeededEma _ema1 = new(period);
        private double _ema2 = double.NaN;
        private double _ema3 = double.NaN;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            var ema3 = outputs[Ema3];
            var trix = outputs[Trix];
            for (var i = 0; i < close.Length; i++)
            {
                var e1 = _ema1.Add(close[i]);
                if (double.IsNaN(e1))
                {
                    ema3[i] = trix[i] = double.NaN;
                    continue;
                }
                if (double.IsNaN(_ema3))
                {
                    // The seed bar: no previous ema3 yet, so the reference reports nothing here.
                    _ema2 = _ema3 = e1;
                    ema3[i] = trix[i] = double.NaN;
                    continue;
                }
                var previous = _ema3;
                _ema2 += _k * (e1 - _ema2);
                _ema3 += _k * (_ema2 - _ema3);
                ema3[i] = _ema3;
                trix[i] = previous != 0 ? 100 * (_ema3 - previous) / previous : double.NaN;
            }
        }
    }
}
