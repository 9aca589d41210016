using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Tsi;

/// <summary>The parameters of <see cref="TsiPlugin"/>.</summary>
public sealed class TsiParameters
{
    [Parameter("Lookback of the first EMA smoothing, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 25;

    [Parameter("Lookback of the second EMA smoothing, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SmoothingPeriod { get; init; } = 13;

    [Parameter("Lookback of the signal EMA of tsi, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SignalPeriod { get; init; } = 7;
}

/// <summary>True Strength Index.</summary>
public sealed class TsiPlugin() : FeaturePlugin<TsiParameters>(TechnicalPack.Describe("technical.tsi", Outputs, ["close"],
    warmup: "period + smoothing_period + signal_period - 2 bars (at least signal_period + 1)",
    description: "True Strength Index: the 1-bar close change and its absolute value are each smoothed by EMA(period) and " +
                 "then EMA(smoothing_period); tsi = 100 * smoothed change / smoothed |change| (null when the denominator " +
                 "is 0). signal = EMA(signal_period) of tsi. EMAs use k = 2/(n+1) and are seeded with the simple mean " +
                 "of their first n inputs once they are all non-null (re-seeding that way after a null); tsi starts at " +
                 "bar period+smoothing_period-1 and signal signal_period-1 bars later."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Tsi = Outputs.Float("tsi", "100 * double-smoothed change / double-smoothed |change|, -100..100; null when the latter is 0.");
    private static readonly FloatOutput Signal = Outputs.Float("signal", "EMA(signal_period) of tsi (tsi itself when signal_period is 1).");

    protected override int WarmupBars(TsiParameters p)
    {
        var tsi = p.Period + p.SmoothingPeriod - 1;
        var signal = p.SignalPeriod;
        return signal > 1 ? Math.Max(tsi + signal - 1, signal + 1) : tsi;
    }

    protected override IFeatureKernel CreateKernel(TsiParameters p, KernelContext context) => new TsiKernel(
        p.Period, p.SmoothingPeriod, p.SignalPeriod);

    private sealed class TsiKernel(int period, int smoothingPeriod, int signalPeriod) : FeatureKernel(Outputs)
    {
        private readonly ReseedingEma _change1 = new(period, 2.0 / (period + 1));
        private readonly ReseedingEma _absolute1 = new(period, 2.0 / (period + 1));
        private readonly ReseedingEma _change2 = new(smoothingPeriod, 2.0 / (smoothingPeriod + 1));
        private readonly ReseedingEma _absolute2 = new(smoothingPeriod, 2.0 / (smoothingPeriod + 1));
        private readonly ReseedingEma _signal = new(signalPeriod, 2.0 / (signalPeriod + 1), currentFirst: true);
        private double _previousClose = double.NaN;
        private long _index = -1;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            Span<double> tsi = outputs[Tsi], signal = outputs[Signal];
            for (var i = 0; i < close.Length; i++)
            {
                _index++;
                var change = close[i] - _previousClose; // NaN on the first bar
                _previousClose = close[i];
                var c1 = _change1.Add(change, _index >= period);
                var a1 = _absolute1.Add(Math.Abs(change), _index >= period);
                var c2 = _change2.Add(c1, _index >= smoothingPeriod);
                var a2 = _absolute2.Add(a1, _index >= smoothingPeriod);
                var t = a2 != 0 ? 100d * (c2 / a2) : double.NaN;
                tsi[i] = t;
                // The reference leaves the signal untouched on the first bar and seeds it only after bar signal_period.
                var s = _signal.Add(t, _index > signalPeriod);
                signal[i] = signalPeriod > 1 ? s : t;
            }
        }
    }
}
