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
            for (var i = 0; i < close.Length; i++)
            {
                _index++;
                var hlc = high[i] + low[i] + close[i];
                var dm = high[i] - low[i];
                kvoOut[i] = signalOut[i] = double.NaN;
                if (_index == 0)
                {
                    (_prevHlc, _prevDm) = (hlc, dm);
                    continue;
                }
                var trend = hlc > _prevHlc ? 1d : -1d;
                if (_index == 1)
                {
                    (_prevHlc, _prevDm, _prevTrend, _prevCm) = (hlc, dm, trend, 0);
                    continue;
                }
                var cm = trend == _prevTrend ? _prevCm + dm : _prevDm + dm;
                var v = volume[i];
                var vf = dm == cm || v == 0 ? 0
                    : dm == 0 ? v * 2d * trend * 100d
                    : cm != 0 ? v * Math.Abs(2d * (dm / cm - 1)) * trend * 100d
                    : _prevVf;
                (_prevHlc, _prevDm, _prevTrend, _prevCm, _prevVf) = (hlc, dm, trend, cm, vf);

                // Both EMAs seed from the VF of bars 2..N+1, so one running sum serves both.
                if (_index <= slowPeriod + 1) _vfSum += vf;
                if (_index > fastPeriod + 1) _fast = vf * _kFast + _fast * (1 - _kFast);
                else if (_index == fastPeriod + 1) _fast = _vfSum / fastPeriod;
                if (_index > slowPeriod + 1) _slow = vf * _kSlow + _slow * (1 - _kSlow);
                else if (_index == slowPeriod + 1) _slow = _vfSum / slowPeriod;
                if (_index < slowPeriod + 1) continue;

                var kvo = _fast - _slow;
                kvoOut[i] = kvo;
                if (_index > slowPeriod + signalPeriod)
                {
                    _signal = kvo * _kSignal + _signal * (1 - _kSignal);
                    signalOut[i] = _signal;
                }
                else
                {
                    _oscillatorSum += kvo;
                    if (_index == slowPeriod + signalPeriod)
                    {
                        _signal = _oscillatorSum / signalPeriod;
                        signalOut[i] = _signal;
                    }
                }
            }
        }
    }
}
