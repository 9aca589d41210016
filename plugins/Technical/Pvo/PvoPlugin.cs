using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Pvo;

/// <summary>The parameters of <see cref="PvoPlugin"/>.</summary>
public sealed class PvoParameters
{
    [Parameter("Lookback of the fast volume EMA, in bars; less than slow_period.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int FastPeriod { get; init; } = 12;

    [Parameter("Lookback of the slow volume EMA, in bars.", Minimum = 2, Maximum = TechnicalPack.MaxPeriod)]
    public int SlowPeriod { get; init; } = 26;

    [Parameter("Lookback of the signal EMA of the PVO, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SignalPeriod { get; init; } = 9;
}

/// <summary>Percentage Volume Oscillator.</summary>
public sealed class PvoPlugin() : FeaturePlugin<PvoParameters>(TechnicalPack.Describe("technical.pvo", Outputs, ["volume"],
    warmup: "slow_period + signal_period - 2 bars",
    description: "Percentage Volume Oscillator: 100 * (EMA(fast_period) - EMA(slow_period)) / EMA(slow_period) of the " +
                 "volume (null when the slow EMA is 0), a signal line EMA(signal_period) of it and histogram = pvo - " +
                 "signal. EMAs use k = 2/(n+1) and are seeded with the simple mean of their first n inputs; the signal " +
                 "re-seeds the same way after a null pvo. pvo starts at bar slow_period-1, signal at " +
                 "slow_period+signal_period-2."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Pvo = Outputs.Float("pvo", "100 * (EMA(fast) - EMA(slow)) / EMA(slow) of volume, percent; null when EMA(slow) is 0.");
    private static readonly FloatOutput Signal = Outputs.Float("signal", "EMA(signal_period) of pvo.");
    private static readonly FloatOutput Histogram = Outputs.Float("histogram", "pvo - signal.");

    protected override int WarmupBars(PvoParameters p) =>
        p.SlowPeriod + p.SignalPeriod - 2;

    protected override IEnumerable<ParameterError> Validate(PvoParameters p)
    {
        if (p.FastPeriod >= p.SlowPeriod)
        {
            yield return Error(nameof(p.FastPeriod), $"'{NameOf(nameof(p.FastPeriod))}' must be less than '{NameOf(nameof(p.SlowPeriod))}'");
        }
    }

    protected override IFeatureKernel CreateKernel(PvoParameters p, KernelContext context) => new PvoKernel(
        p.FastPeriod, p.SlowPeriod, p.SignalPeriod);

    private sealed class PvoKernel(int fastPeriod, int slowPeriod, int signalPeriod) : FeatureKernel(Outputs)
    {
        private readonly ReseedingEma _fast = new(fastPeriod, 2.0 / (fastPeriod + 1));
        private readonly ReseedingEma _slow = new(slowPeriod, 2.0 / (slowPeriod + 1));
        private readonly ReseedingEma _signal = new(signalPeriod, 2.0 / (signalPeriod + 1), currentFirst: true);
        private long _index = -1;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var volume = bars.Volume;
            Span<double> pvo = outputs[Pvo], signal = outputs[Signal], histogram = outputs[Histogram];
            for (var i = 0; i < volume.Length; i++)
            {
                _index++;
                var fast = _fast.Add(volume[i], _index >= fastPeriod - 1);
                var slow = _slow.Add(volume[i], _index >= slowPeriod - 1);
                var p = slow != 0 ? 100 * ((fast - slow) / slow) : double.NaN;
                var s = _signal.Add(p, _index >= signalPeriod + slowPeriod - 2);
                pvo[i] = p;
                signal[i] = s;
                histogram[i] = p - s;
            }
        }
    }
}
