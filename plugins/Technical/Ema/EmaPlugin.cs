using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Ema;

/// <summary>The parameters of <see cref="EmaPlugin"/>.</summary>
public sealed class EmaParameters
{
    [Parameter("Lookback, in bars; sets k = 2/(period+1).", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 20;
}

/// <summary>Exponential moving average of the close, SMA-seeded.</summary>
public sealed class EmaPlugin() : FeaturePlugin<EmaParameters>(TechnicalPack.Describe("technical.ema", Outputs, ["close"],
    warmup: "period - 1 bars (the seed is the SMA of the first `period` closes)",
    description: "Exponential Moving Average of the close with k = 2/(period+1). The first value (bar period-1) is the " +
                 "simple mean of the first `period` closes; after that ema = prev + k*(close - prev)."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Ema = Outputs.Float("ema", "Exponential moving average of the close, k = 2/(period+1).", OutputUnit.Price);

    protected override int WarmupBars(EmaParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(EmaParameters p, KernelContext context) => new EmaKernel(p.Period);

    private sealed class EmaKernel(int period) : FeatureKernel(Outputs)
    {
        private SeededEma _ema = new(period);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs) => _ema.AddRange(bars.Close, outputs[Ema]);
    }
}
