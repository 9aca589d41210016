using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Smma;

/// <summary>The parameters of <see cref="SmmaPlugin"/>.</summary>
public sealed class SmmaParameters
{
    [Parameter("Lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 20;
}

/// <summary>Smoothed moving average (Wilder's RMA) of the close.</summary>
public sealed class SmmaPlugin() : FeaturePlugin<SmmaParameters>(TechnicalPack.Describe("technical.smma", Outputs, ["close"],
    warmup: "period - 1 bars (the seed is the SMA of the first `period` closes)",
    description: "Smoothed Moving Average (Wilder's RMA) of the close. The first value (bar period-1) is the simple mean " +
                 "of the first `period` closes; after that smma = (prev*(period-1) + close)/period."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Smma = Outputs.Float("smma", "Smoothed moving average of the close: (prev*(period-1) + close)/period.", OutputUnit.Price);

    protected override int WarmupBars(SmmaParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(SmmaParameters p, KernelContext context) => new SmmaKernel(p.Period);

    private sealed class SmmaKernel(int period) : FeatureKernel(Outputs)
    {
        private WilderAverage _smma = new(period);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            var smma = outputs[Smma];
            for (var i = 0; i < close.Length; i++)
            {
                smma[i] = _smma.Add(close[i]);
            }
        }
    }
}
