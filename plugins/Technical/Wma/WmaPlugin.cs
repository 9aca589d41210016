using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Wma;

/// <summary>The parameters of <see cref="WmaPlugin"/>.</summary>
public sealed class WmaParameters
{
    [Parameter("Lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Linearly weighted moving average of the close.</summary>
public sealed class WmaPlugin() : FeaturePlugin<WmaParameters>(TechnicalPack.Describe("technical.wma", Outputs, ["close"],
    warmup: "period - 1 bars",
    description: "Weighted Moving Average: the mean of the last `period` closes weighted 1 (oldest) .. period (newest), " +
                 "divided by period*(period+1)/2. Null for the first period-1 bars."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Wma = Outputs.Float("wma", "Linearly weighted mean of the last `period` closes, newest weight `period`.", OutputUnit.Price);

    protected override int WarmupBars(WmaParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(WmaParameters p, KernelContext context) => new WmaKernel(p.Period);

    private sealed class WmaKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly WeightedWindow _window = new(period);
        private readonly double _divisor = (double)period * (period + 1) / 2;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            var wma = outputs[Wma];
            for (var i = 0; i < close.Length; i++)
            {
                _window.Add(close[i]);
                wma[i] = _window.IsFull ? _window.Weighted / _divisor : double.NaN;
            }
        }
    }
}
