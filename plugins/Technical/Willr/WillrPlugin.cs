using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Willr;

/// <summary>The parameters of <see cref="WillrPlugin"/>.</summary>
public sealed class WillrParameters
{
    [Parameter("Lookback for the highest high and lowest low, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Williams %R.</summary>
public sealed class WillrPlugin() : FeaturePlugin<WillrParameters>(TechnicalPack.Describe("technical.willr", Outputs, ["high", "low", "close"],
    warmup: "period - 1 bars",
    description: "Williams %R: raw stochastic %K minus 100, where %K = 100*(C-LL)/(HH-LL) over the last `period` " +
                 "highs and lows (current bar included). %K is 0 when HH = LL (so %R = -100 on a flat window), " +
                 "exactly 100 when C >= HH and 0 when C <= LL."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput WilliamsR = Outputs.Float("williams_r", "Williams %R, -100..0.");

    protected override int WarmupBars(WillrParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(WillrParameters p, KernelContext context) => new WillrKernel(p.Period);

    private sealed class WillrKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly StochasticOscillator _stochastic = new(period, 1, 1);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var r = outputs[WilliamsR];
            for (var i = 0; i < bars.Length; i++)
            {
                _stochastic.Add(bars.High[i], bars.Low[i], bars.Close[i]);
                r[i] = _stochastic.K - 100;
            }
        }
    }
}
