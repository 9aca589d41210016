using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.ChaikinOsc;

/// <summary>The parameters of <see cref="ChaikinOscPlugin"/>.</summary>
public sealed class ChaikinOscParameters
{
    [Parameter("Fast EMA length, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int FastPeriod { get; init; } = 3;

    [Parameter("Slow EMA length, in bars; greater than fast_period.", Minimum = 2, Maximum = TechnicalPack.MaxPeriod)]
    public int SlowPeriod { get; init; } = 10;
}

/// <summary>Chaikin Oscillator: fast EMA minus slow EMA of the accumulation/distribution line.</summary>
public sealed class ChaikinOscPlugin() : FeaturePlugin<ChaikinOscParameters>(TechnicalPack.Describe("technical.chaikin_osc", Outputs, ["high", "low", "close", "volume"],
    warmup: "slow_period - 1 bars (the ADL is cumulative from the first bar, so its level depends on where the series starts)",
    description: "Chaikin Oscillator. Money flow multiplier ((C-L)-(H-C))/(H-L) (0 when H = L), money flow volume = " +
                 "multiplier*volume, ADL = running sum from the first bar of the series. Both EMAs of the ADL use " +
                 "k = 2/(N+1) and are seeded with the SMA of their first N values; oscillator = fast - slow."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput MoneyFlowMultiplier = Outputs.Float("money_flow_multiplier", "((C-L)-(H-C))/(H-L), -1..1; 0 when H = L.");
    private static readonly FloatOutput MoneyFlowVolume = Outputs.Float("money_flow_volume", "money_flow_multiplier * volume.");
    private static readonly FloatOutput Adl = Outputs.Float("adl", "Accumulation/distribution line: running sum of money_flow_volume from the first bar.");
    private static readonly FloatOutput Oscillator = Outputs.Float("oscillator", "fast_ema - slow_ema.");
    private static readonly FloatOutput FastEma = Outputs.Float("fast_ema", "EMA(fast_period) of the ADL, seeded with the SMA of its first fast_period values.");
    private static readonly FloatOutput SlowEma = Outputs.Float("slow_ema", "EMA(slow_period) of the ADL, seeded with the SMA of its first slow_period values.");

    protected override int WarmupBars(ChaikinOscParameters p) => p.SlowPeriod - 1;

    protected override IEnumerable<ParameterError> Validate(ChaikinOscParameters p)
    {
        if (p.FastPeriod >= p.SlowPeriod)
        {
            yield return Error(nameof(p.FastPeriod), $"{NameOf(nameof(p.FastPeriod))} must be less than {NameOf(nameof(p.SlowPeriod))}");
        }
    }

    protected override IFeatureKernel CreateKernel(ChaikinOscParameters p, KernelContext context) =>
        new ChaikinOscKernel(p.FastPeriod, p.SlowPeriod);

    private sealed class ChaikinOscKernel(int fastPeriod, int slowPeriod) : FeatureKernel(Outputs)
    {
        private readonly MoneyFlowLine _adl = new();
        private SeededEma _fast = new(fastPeriod);
        private SeededEma _slow = new(slowPeriod);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var volume = bars.Volume;
            Span<double> multiplier = outputs[MoneyFlowMultiplier], flowVolume = outputs[MoneyFlowVolume], adl = outputs[Adl];
            Span<double> oscillator = outputs[Oscillator], fastEma = outputs[FastEma], slowEma = outputs[SlowEma];
            for (var i = 0; i < close.Length; i++)
            {
                _adl.Add(high[i], low[i], close[i], volume[i]);
                var fast = _fast.Add(_adl.Line);
                var slow = _slow.Add(_adl.Line);
                multiplier[i] = _adl.Multiplier;
                flowVolume[i] = _adl.FlowVolume;
                adl[i] = _adl.Line;
                oscillator[i] = fast - slow;
                fastEma[i] = fast;
                slowEma[i] = slow;
            }
        }
    }
}
