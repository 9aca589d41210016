using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Fisher;

/// <summary>The parameters of <see cref="FisherPlugin"/>.</summary>
public sealed class FisherParameters
{
    [Parameter("Lookback for the HL2 range, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 10;
}

/// <summary>Ehlers Fisher Transform of the median price.</summary>
public sealed class FisherPlugin() : FeaturePlugin<FisherParameters>(TechnicalPack.Describe("technical.fisher", Outputs, ["hl2"],
    warmup: "1 bar (trigger starts at bar 1; the recursion converges over further bars)",
    description: "Ehlers Fisher Transform on HL2 = (high+low)/2. With min/max of HL2 over the last `period` bars (fewer " +
                 "at the start), x = 0.66*((HL2-min)/(max-min) - 0.5) + 0.67*x_prev (x = 0 when max = min), clamped to " +
                 "±0.999 when beyond ±0.99; fisher = 0.5*ln((1+x)/(1-x)) + 0.5*fisher_prev. Starts at x = 0, fisher = 0 " +
                 "on the first bar, so values exist from bar 0 and converge with history."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Fisher = Outputs.Float("fisher", "Fisher transform; 0 on the first bar.");
    private static readonly FloatOutput Trigger = Outputs.Float("trigger", "The previous bar's fisher value; null on the first bar.");

    protected override int WarmupBars(FisherParameters p) => 1;

    protected override IFeatureKernel CreateKernel(FisherParameters p, KernelContext context) => new FisherKernel(p.Period);

    private sealed class FisherKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly RollingExtreme _max = new(period, maximum: true);
        private readonly RollingExtreme _min = new(period, maximum: false);
        private bool _started;
        private double _x;
        private double _fisher;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            Span<double> fisherOut = outputs[Fisher], triggerOut = outputs[Trigger];
            for (var i = 0; i < high.Length; i++)
            {
                var price = (high[i] + low[i]) / 2;
                _max.Add(price);
                _min.Add(price);
                if (!_started)
                {
                    _started = true;
                    _x = 0;
                    _fisher = 0;
                    fisherOut[i] = 0;
                    triggerOut[i] = double.NaN;
                    continue;
                }
                var (max, min) = (_max.Value, _min.Value);
                var x = max - min != 0 ? 0.33 * 2 * ((price - min) / (max - min) - 0.5) + 0.67 * _x : 0;
                x = x > 0.99 ? 0.999 : x;
                x = x < -0.99 ? -0.999 : x;
                _x = x;
                var trigger = _fisher;
                _fisher = 0.5 * Math.Log((1 + x) / (1 - x)) + 0.5 * trigger;
                fisherOut[i] = _fisher;
                triggerOut[i] = trigger;
            }
        }
    }
}
