using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Smi;

/// <summary>The parameters of <see cref="SmiPlugin"/>.</summary>
public sealed class SmiParameters
{
    [Parameter("Lookback for the highest high and lowest low, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 13;

    [Parameter("Length of the first EMA smoothing.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int FirstSmoothingPeriod { get; init; } = 25;

    [Parameter("Length of the second EMA smoothing.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SecondSmoothingPeriod { get; init; } = 2;

    [Parameter("Length of the signal EMA.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SignalPeriod { get; init; } = 3;
}

/// <summary>Stochastic Momentum Index.</summary>
public sealed class SmiPlugin() : FeaturePlugin<SmiParameters>(TechnicalPack.Describe("technical.smi", Outputs, ["high", "low", "close"],
    warmup: "period - 1 bars (the EMAs are seeded with their first input, so values start at once but converge slowly)",
    description: "Stochastic Momentum Index (Blau): over the last `period` bars, SM = C - (HH+LL)/2 and HL = HH - LL; both are " +
                 "double-smoothed by EMAs (first_smoothing_period, then second_smoothing_period, k = 2/(N+1)), each EMA seeded " +
                 "with the first raw value (no SMA seed); SMI = 100 * EMA2(EMA1(SM)) / (0.5 * EMA2(EMA1(HL))), null when the " +
                 "smoothed range is 0. Signal = EMA(signal_period) of SMI seeded with the first SMI."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Smi = Outputs.Float("smi", "Stochastic Momentum Index, -100..100.");
    private static readonly FloatOutput Signal = Outputs.Float("signal", "EMA(signal_period) of smi, seeded with the first smi.");

    protected override int WarmupBars(SmiParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(SmiParameters p, KernelContext context) =>
        new SmiKernel(p.Period, p.FirstSmoothingPeriod,
            p.SecondSmoothingPeriod, p.SignalPeriod);

    private sealed class SmiKernel(int period, int first, int second, int signalPeriod) : FeatureKernel(Outputs)
    {
        private readonly RollingExtreme _highest = new(period, maximum: true);
        private readonly RollingExtreme _lowest = new(period, maximum: false);
        private readonly double _k1 = 2d / (first + 1);
        private readonly double _k2 = 2d / (second + 1);
        private readonly double _kS = 2d / (signalPeriod + 1);
        private bool _seeded;
        private double _sm1, _sm2, _hl1, _hl2, _signal;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            Span<double> smiOut = outputs[Smi], signalOut = outputs[Signal];
            for (var i = 0; i < bars.Length; i++)
            {
                _highest.Add(bars.High[i]);
                _lowest.Add(bars.Low[i]);
                smiOut[i] = signalOut[i] = double.NaN;
                if (!_highest.IsFull) continue;

                double hh = _highest.Value, ll = _lowest.Value;
                var sm = bars.Close[i] - 0.5d * (hh + ll);
                var hl = hh - ll;
                if (!_seeded)
                {
                    _sm1 = _sm2 = sm;
                    _hl1 = _hl2 = hl;
                }
                _sm1 += _k1 * (sm - _sm1);
                _hl1 += _k1 * (hl - _hl1);
                _sm2 += _k2 * (_sm1 - _sm2);
                _hl2 += _k2 * (_hl1 - _hl2);

                var smi = _hl2 != 0 ? 100 * (_sm2 / (0.5 * _hl2)) : double.NaN;
                if (!_seeded)
                {
                    _signal = smi;
                    _seeded = true;
                }
                // A null SMI leaves the signal where it was rather than poisoning it for good.
                if (!double.IsNaN(smi))
                {
                    _signal = double.IsNaN(_signal) ? smi : _signal + _kS * (smi - _signal);
                }
                smiOut[i] = smi;
                signalOut[i] = double.IsNaN(smi) ? double.NaN : _signal;
            }
        }
    }
}
