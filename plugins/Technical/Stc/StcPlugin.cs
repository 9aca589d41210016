using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Stc;

/// <summary>Schaff Trend Cycle.</summary>
public sealed class StcPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("stc", "Schaff Trend Cycle, 0..100.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.stc",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Schaff Trend Cycle: MACD = EMA(fast_period) - EMA(slow_period) of the close (EMAs seeded with the SMA of their " +
                      "first N closes), then the stochastic of MACD over cycle_period values: raw = 100*(M-min)/(max-min), 0 when " +
                      "max = min, 100 at the max and 0 at the min; STC = SMA(smoothing_period) of raw.",
        Parameters =
        [
            ParameterSpec.Integer("cycle_period", 10, 1, TechnicalPack.MaxPeriod, "Stochastic lookback over MACD values."),
            ParameterSpec.Integer("fast_period", 23, 1, TechnicalPack.MaxPeriod, "Fast EMA length of the MACD."),
            ParameterSpec.Integer("slow_period", 50, 2, TechnicalPack.MaxPeriod, "Slow EMA length of the MACD; greater than fast_period."),
            ParameterSpec.Integer("smoothing_period", 3, 1, TechnicalPack.MaxPeriod, "SMA length applied to the raw stochastic."),
        ],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "slow_period + cycle_period + smoothing_period - 3 bars",
    };

    public int WarmupBars(ParameterValues parameters)
    {
        var slow = parameters.GetInt32("slow_period");
        var cycle = parameters.GetInt32("cycle_period");
        var smooth = parameters.GetInt32("smoothing_period");
        var k = smooth <= 1 ? slow + cycle - 2 : Math.Max(slow + cycle + smooth - 3, smooth);
        return k;
    }

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        if (parameters.GetInt32("fast_period") >= parameters.GetInt32("slow_period"))
            yield return new ParameterError("fast_period", "fast_period must be less than slow_period");
    }

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new StcKernel(p.GetInt32("fast_period"), p.GetInt32("slow_period"),
            new StochasticOscillator(p.GetInt32("cycle_period"), p.GetInt32("smoothing_period"), 1));
    }

    private sealed class StcKernel(int fast, int slow, StochasticOscillator stochastic) : BarKernel(Outputs)
    {
        private SeededEma _fast = new(fast);
        private SeededEma _slow = new(slow);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var stc = outputs[0];
            for (var i = 0; i < bars.Length; i++)
            {
                var c = bars.Close[i];
                var macd = _fast.Add(c) - _slow.Add(c);
                stochastic.Add(macd, macd, macd);
                stc[i] = stochastic.K;
            }
        }
    }
}
