using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Force;

/// <summary>The parameters of <see cref="ForcePlugin"/>.</summary>
public sealed class ForceParameters
{
    [Parameter("EMA lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 2;
}

/// <summary>Elder's Force Index.</summary>
public sealed class ForcePlugin() : FeaturePlugin<ForceParameters>(TechnicalPack.Describe("technical.force", Outputs, ["close", "volume"],
    warmup: "period bars (the first value is at bar index `period`)",
    description: "Force Index. The raw force from bar 1 is volume*(close - previous close); its EMA uses k = 2/(N+1) and " +
                 "is seeded with the plain mean of the raw force over bars 1..period."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput ForceIndex = Outputs.Float("force_index", "EMA(period) of volume * (close - previous close).");

    protected override int WarmupBars(ForceParameters p) => p.Period;

    protected override IFeatureKernel CreateKernel(ForceParameters p, KernelContext context) => new ForceKernel(p.Period);

    private sealed class ForceKernel(int period) : FeatureKernel(Outputs)
    {
        private SeededEma _ema = new(period);
        private double _previousClose = double.NaN;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            var volume = bars.Volume;
            var force = outputs[ForceIndex];
            for (var i = 0; i < close.Length; i++)
            {
                var previous = _previousClose;
                _previousClose = close[i];
                force[i] = double.IsNaN(previous) ? double.NaN : _ema.Add(volume[i] * (close[i] - previous));
            }
        }
    }
}
