using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Fisher;

/// <summary>Ehlers Fisher Transform of the median price.</summary>
public sealed class FisherPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("fisher", "Fisher transform; 0 on the first bar."),
        OutputColumn.Float("trigger", "The previous bar's fisher value; null on the first bar."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.fisher",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Ehlers Fisher Transform on HL2 = (high+low)/2. With min/max of HL2 over the last `period` bars (fewer " +
                      "at the start), x = 0.66*((HL2-min)/(max-min) - 0.5) + 0.67*x_prev (x = 0 when max = min), clamped to " +
                      "±0.999 when beyond ±0.99; fisher = 0.5*ln((1+x)/(1-x)) + 0.5*fisher_prev. Starts at x = 0, fisher = 0 " +
                      "on the first bar, so values exist from bar 0 and converge with history.",
        Parameters = [ParameterSpec.Integer("period", 10, 1, TechnicalPack.MaxPeriod, "Lookback for the HL2 range, in bars.")],
        Outputs = Outputs,
        InputColumns = ["hl2"],
        WarmupRule = "1 bar (trigger starts at bar 1; the recursion converges over further bars)",
    };

    public int WarmupBars(ParameterValues parameters) => 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new FisherKernel(context.Parameters.GetInt32("period"));

    private sealed class FisherKernel(int period) : BarKernel(Outputs)
    {
        private readonly RollingExtreme _max = new(period, maximum: true);
        private readonly RollingExtreme _min = new(period, maximum: false);
        private bool _started;
        private double _x;
        private double _fisher;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var (fisherOut, triggerOut) = (outputs[0], outputs[1]);
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
