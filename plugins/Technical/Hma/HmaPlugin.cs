using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Hma;

/// <summary>The parameters of <see cref="HmaPlugin"/>.</summary>
public sealed class HmaParameters
{
    [Parameter("Lookback of the long WMA, in bars.", Minimum = 2, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Hull moving average of the close.</summary>
public sealed class HmaPlugin() : FeaturePlugin<HmaParameters>(TechnicalPack.Describe("technical.hma", Outputs, ["close"],
    warmup: "period - 1 + floor(sqrt(period)) - 1 bars",
    description: "Hull Moving Average of the close: the series 2*WMA(floor(period/2)) - WMA(period), from bar period-1 " +
                 "on, smoothed by a WMA of floor(sqrt(period)) bars. WMAs weight 1 (oldest) .. n (newest). The first " +
                 "value is at bar period-1 + floor(sqrt(period))-1."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Hma = Outputs.Float("hma", "Hull MA: WMA(floor(sqrt(period))) of 2*WMA(period/2) - WMA(period).", OutputUnit.Price);

    protected override int WarmupBars(HmaParameters p)
    {
        var period = p.Period;
        return period - 1 + (int)Math.Sqrt(period) - 1;
    }

    protected override IFeatureKernel CreateKernel(HmaParameters p, KernelContext context) => new HmaKernel(p.Period);

    private sealed class HmaKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly WeightedWindow _full = new(period);
        private readonly WeightedWindow _half = new(period / 2);
        private readonly WeightedWindow _hull = new((int)Math.Sqrt(period));

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            var hma = outputs[Hma];
            for (var i = 0; i < close.Length; i++)
            {
                _full.Add(close[i]);
                _half.Add(close[i]);
                if (!_full.IsFull)
                {
                    hma[i] = double.NaN;
                    continue;
                }
                _hull.Add(2 * Wma(_half) - Wma(_full));
                hma[i] = _hull.IsFull ? Wma(_hull) : double.NaN;
            }
        }

        private static double Wma(WeightedWindow w) => w.Weighted / ((double)w.Period * (w.Period + 1) / 2);
    }
}
