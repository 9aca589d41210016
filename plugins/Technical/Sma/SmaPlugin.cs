using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Sma;

/// <summary>The parameters of <see cref="SmaPlugin"/>.</summary>
public sealed class SmaParameters
{
    [Parameter("Lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 20;
}

/// <summary>Simple moving average of the close.</summary>
public sealed class SmaPlugin() : FeaturePlugin<SmaParameters>(TechnicalPack.Describe("technical.sma", Outputs, ["close"],
    warmup: "period - 1 bars",
    description: "Simple Moving Average: the arithmetic mean of the last `period` closes. Null for the first period-1 bars."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Sma = Outputs.Float("sma", "Mean of the last `period` closes.", OutputUnit.Price);

    protected override int WarmupBars(SmaParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(SmaParameters p, KernelContext context) => new SmaKernel(p.Period);

    private sealed class SmaKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly RollingSum _window = new(period);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs) => _window.AddRange(bars.Close, outputs[Sma]);
    }
}
