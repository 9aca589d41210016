using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Kvo;

/// <summary>The parameters of <see cref="KvoPlugin"/>.</summary>
public sealed class KvoParameters
{
    [Parameter("Fast EMA length of the volume force, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int FastPeriod { get; init; } = 34;

    [Parameter("Slow EMA length of the volume force, in bars; greater than fast_period.", Minimum = 2, Maximum = TechnicalPack.MaxPeriod)]
    public int SlowPeriod { get; init; } = 55;

    [Parameter("Signal EMA length, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SignalPeriod { get; init; } = 13;
}

/// <summary>Klinger Volume Oscillator.</summary>
public sealed class KvoPlugin() : FeaturePlugin<KvoParameters>(TechnicalPack.Describe("technical.kvo", Outputs, ["high", "low", "close", "volume"],
    warmup: "slow_period + signal_period bars (oscillator from bar slow_period+1, signal from slow_period+signal_period)",
    description: "Klinger Volume Oscillator. Trend t = +1 when H+L+C rises from the previous bar, else -1 (from bar 1); " +
                 "dm = H-L; from bar 2 the cumulative measure cm = cm_prev + dm when the trend holds, else dm_prev + dm " +
                 "(cm = 0 on bar 1). Volume force VF = 0 when dm = cm or volume is 0; V*2*t*100 when dm = 0; " +
                 "V*|2*(dm/cm - 1)|*t*100 otherwise (the previous VF when cm = 0). The EMAs of VF (k = 2/(N+1)) are " +
                 "seeded with the mean of VF over bars 2..N+1; oscillator = fast - slow from bar slow_period+1; the " +
                 "signal EMA is seeded with the mean of the first signal_period oscillator values."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Oscillator = Outputs.Float("oscillator", "EMA(fast_period) - EMA(slow_period) of the volume force.");
    private static readonly FloatOutput Signal = Outputs.Float("signal", "EMA(signal_period) of the oscillator.");

    protected override int WarmupBars(KvoParameters p) =>
        p.SlowPeriod + p.SignalPeriod;

    protected override IEnumerable<ParameterError> Validate(KvoParameters p)
    {
        if (p.FastPeriod >= p.SlowPeriod)
        {
            yield return Error(nameof(p.FastPeriod), $"{NameOf(nameof(p.FastPeriod))} must be less than {NameOf(nameof(p.SlowPeriod))}");
        }
    }

    protected override IFeatureKernel CreateKernel(KvoParameters p, KernelContext context) => new KvoKernel(
        p.FastPeriod,
        p.SlowPeriod,
        p.SignalPeriod);

    private sealed class KvoKernel(int fastPeriod, int slowPeriod, int signalPeriod) : FeatureKernel(Outputs)
    {
        private readonly double _kFast = 2d / (fastPeriod + 1);
        private readonly double _kSlow = 2d / (slowPeriod + 1);
        private readonly double _kSignal = 2d / (signalPeriod + 1);
        private long _index = -1;
        private double _prevHlc, _prevDm, _prevTrend, _prevCm, _prevVf;
        private double _vfSum;
        private double _fast, _slow, _signal, _oscillatorSum;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var volume = bars.Volume;
            Span<double> kvoOut = outputs[Oscillator], signalOut = outputs[Signal];
            // The state in locals for the loop: a store through an output span may alias any field, so fields would be
            // reloaded after every write (arrays, which the untyped SDK handed out, cannot alias a field).
            var (kFast, kSlow, kSignal) = (_kFast, _kSlow, _kSignal);
            var index = _index;
            var (prevHlc, prevDm, prevTrend, prevCm, prevVf) = (_prevHlc, _prevDm, _prevTrend, _prevCm, _prevVf);
            var (vfSum, fast, slow, signal, oscillatorSum) = (_vfSum, _fast, _slow, _signal, _oscillatorSum);
            for (var i = 0; i < close.Length; i++)
            {
                index++;
                var hlc = high[i] + low[i] + close[i];
                var dm = high[i] - low[i];
                kvoOut[i] = signalOut[i] = double.NaN;
                if (index == 0)
                {
                    (prevHlc, prevDm) = (hlc, dm);
                    continue;
                }
                var trend = hlc > prevHlc ? 1d : -1d;
                if (index == 1)
                {
                    (prevHlc, prevDm, prevTrend, prevCm) = (hlc, dm, trend, 0);
                    continue;
                }
                var cm = trend == prevTrend ? prevCm + dm : prevDm + dm;
                var v = volume[i];
                var vf = dm == cm || v == 0 ? 0
                    : dm == 0 ? v * 2d * trend * 100d
                    : cm != 0 ? v * Math.Abs(2d * (dm / cm - 1)) * trend * 100d
                    : prevVf;
                (prevHlc, prevDm, prevTrend, prevCm, prevVf) = (hlc, dm, trend, cm, vf);

                // Both EMAs seed from the VF of bars 2..N+1, so one running sum serves both.
                if (index <= slowPeriod + 1) vfSum += vf;
                if (index > fastPeriod + 1) fast = vf * kFast + fast * (1 - kFast);
                else if (index == fastPeriod + 1) fast = vfSum / fastPeriod;
                if (index > slowPeriod + 1) slow = vf * kSlow + slow * (1 - kSlow);
                else if (index == slowPeriod + 1) slow = vfSum / slowPeriod;
                if (index < slowPeriod + 1) continue;

                var kvo = fast - slow;
                kvoOut[i] = kvo;
                if (index > slowPeriod + signalPeriod)
                {
                    signal = kvo * kSignal + signal * (1 - kSignal);
                    signalOut[i] = signal;
                }
                else
                {
                    oscillatorSum += kvo;
                    if (index == slowPeriod + signalPeriod)
                    {
                        signal = oscillatorSum / signalPeriod;
                        signalOut[i] = signal;
                    }
                }
            }
            _index = index;
            (_prevHlc, _prevDm, _prevTrend, _prevCm, _prevVf) = (prevHlc, prevDm, prevTrend, prevCm, prevVf);
            (_vfSum, _fast, _slow, _signal, _oscillatorSum) = (vfSum, fast, slow, signal, oscillatorSum);
        }
    }
}
