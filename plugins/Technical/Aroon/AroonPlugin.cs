using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Aroon;

/// <summary>The parameters of <see cref="AroonPlugin"/>.</summary>
public sealed class AroonParameters
{
    [Parameter("Lookback, in bars (the window holds period+1 bars).", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 25;
}

/// <summary>Aroon up/down and oscillator.</summary>
public sealed class AroonPlugin() : FeaturePlugin<AroonParameters>(TechnicalPack.Describe("technical.aroon", Outputs, ["high", "low"],
    warmup: "period bars (the first value is at bar index `period`)",
    description: "Aroon. Over the window of the current bar and the `period` bars before it (period+1 bars), find the " +
                 "highest high and the lowest low (on ties the earliest bar counts); aroon_up = 100*(period - bars since " +
                 "that high)/period, aroon_down likewise for the low; oscillator = up - down."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput AroonUp = Outputs.Float("aroon_up", "100*(period - bars since the highest high)/period, 0..100.");
    private static readonly FloatOutput AroonDown = Outputs.Float("aroon_down", "100*(period - bars since the lowest low)/period, 0..100.");
    private static readonly FloatOutput Oscillator = Outputs.Float("oscillator", "aroon_up - aroon_down, -100..100.");

    protected override int WarmupBars(AroonParameters p) => p.Period;

    protected override IFeatureKernel CreateKernel(AroonParameters p, KernelContext context) => new AroonKernel(p.Period);

    private sealed class AroonKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly RollingArgExtreme _high = new(period + 1, maximum: true);
        private readonly RollingArgExtreme _low = new(period + 1, maximum: false);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            Span<double> up = outputs[AroonUp], down = outputs[AroonDown], osc = outputs[Oscillator];
            for (var i = 0; i < high.Length; i++)
            {
                _high.Add(high[i]);
                _low.Add(low[i]);
                if (!_high.IsFull)
                {
                    up[i] = down[i] = osc[i] = double.NaN;
                    continue;
                }
                var u = 100d * (period - _high.Age) / period;
                var d = 100d * (period - _low.Age) / period;
                up[i] = u;
                down[i] = d;
                osc[i] = u - d;
            }
        }
    }
}
