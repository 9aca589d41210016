using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Stc;

/// <summary>The parameters of <see cref="StcPlugin"/>.</summary>
public sealed class StcParameters
{
    [Parameter("Stochastic lookback over MACD values.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int CyclePeriod { get; init; } = 10;

    [Parameter("Fast EMA length of the MACD.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int FastPeriod { get; init; } = 23;

    [Parameter("Slow EMA length of the MACD; greater than fast_period.", Minimum = 2, Maximum = TechnicalPack.MaxPeriod)]
    public int SlowPeriod { get; init; } = 50;

    [Parameter("SMA length applied to the raw stochastic.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SmoothingPeriod { get; init; } = 3;
}

/// <summary>Schaff Trend Cycle.</summary>
public sealed class StcPlugin() : FeaturePlugin<StcParameters>(TechnicalPack.Describe("technical.stc", Outputs, ["close"],
    warmup: "slow_period + cycle_period + smoothing_period - 3 bars",
    description: "Schaff Trend Cycle: MACD = EMA(fast_period) - EMA(slow_period) of the close (EMAs seeded with the SMA of their " +
                 "first N closes), then the stochastic of MACD over cycle_period values: raw = 100*(M-min)/(max-min), 0 when " +
                 "max = min, 100 at the max and 0 at the min; STC = SMA(smoothing_period) of raw."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Stc = Outputs.Float("stc", "Schaff Trend Cycle, 0..100.");

    protected override int WarmupBars(StcParameters p)
    {
        var slow = p.SlowPeriod;
        var cycle = p.CyclePeriod;
        var smooth = p.SmoothingPeriod;
        var k = smooth <= 1 ? slow + cycle - 2 : Math.Max(slow + cycle + smooth - 3, smooth);
        return k;
    }

    protected override IEnumerable<ParameterError> Validate(StcParameters p)
    {
        if (p.FastPeriod >= p.SlowPeriod)
            yield return Error(nameof(p.FastPeriod), $"{NameOf(nameof(p.FastPeriod))} must be less than {NameOf(nameof(p.SlowPeriod))}");
    }

    protected override IFeatureKernel CreateKernel(StcParameters p, KernelContext context) =>
        new StcKernel(p.FastPeriod, p.SlowPeriod,
            new StochasticOscillator(p.CyclePeriod, p.SmoothingPeriod, 1));

    private sealed class StcKernel(int fast, int slow, StochasticOscillator stochastic) : FeatureKernel(Outputs)
    {
        private SeededEma _fast = new(fast);
        private SeededEma _slow = new(slow);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var stc = outputs[Stc];
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
