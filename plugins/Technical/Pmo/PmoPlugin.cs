using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Pmo;

/// <summary>The parameters of <see cref="PmoPlugin"/>.</summary>
public sealed class PmoParameters
{
    [Parameter("Time periods of the first ROC smoothing (k = 2/period).", Minimum = 2, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 35;

    [Parameter("Periods of the second smoothing (k = 2/smoothing_period).", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SmoothingPeriod { get; init; } = 20;

    [Parameter("Lookback of the signal EMA, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SignalPeriod { get; init; } = 10;
}

/// <summary>DecisionPoint Price Momentum Oscillator.</summary>
public sealed class PmoPlugin() : FeaturePlugin<PmoParameters>(TechnicalPack.Describe("technical.pmo", Outputs, ["close"],
    warmup: "period + smoothing_period + signal_period - 2 bars",
    description: "Price Momentum Oscillator (DecisionPoint). roc = 100*(close/prev close - 1) (null when prev close is 0); " +
                 "roc_ema = custom EMA of roc with k = 2/period; pmo = custom EMA of 10*roc_ema with k = 2/smoothing_period; " +
                 "signal = EMA of pmo with k = 2/(signal_period+1). Each stage is seeded with the simple mean of its first " +
                 "n inputs once they are all non-null (and re-seeds that way after a null), so pmo starts at bar " +
                 "period+smoothing_period-1 and signal signal_period-1 bars later."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Pmo = Outputs.Float("pmo", "Double-smoothed 1-bar rate of change of the close (x10).");
    private static readonly FloatOutput Signal = Outputs.Float("signal", "EMA(signal_period) of pmo.");

    protected override int WarmupBars(PmoParameters p) =>
        p.Period + p.SmoothingPeriod + p.SignalPeriod - 2;

    protected override IFeatureKernel CreateKernel(PmoParameters p, KernelContext context) => new PmoKernel(
        p.Period, p.SmoothingPeriod, p.SignalPeriod);

    private sealed class PmoKernel(int period, int smoothingPeriod, int signalPeriod) : FeatureKernel(Outputs)
    {
        private readonly ReseedingEma _rocEma = new(period, 2.0 / period);
        private readonly ReseedingEma _pmo = new(smoothingPeriod, 2.0 / smoothingPeriod);
        private readonly ReseedingEma _signal = new(signalPeriod, 2.0 / (signalPeriod + 1));
        private double _previousClose = double.NaN;
        private long _index = -1;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            Span<double> pmo = outputs[Pmo], signal = outputs[Signal];
            for (var i = 0; i < close.Length; i++)
            {
                _index++;
                var c = close[i];
                // NaN on the first bar (no previous close) and after a zero close.
                var roc = _previousClose == 0 ? double.NaN : 100 * ((c / _previousClose) - 1);
                _previousClose = c;
                var rocEma = _rocEma.Add(roc, _index >= period);
                var p = _pmo.Add(rocEma * 10, _index >= smoothingPeriod);
                pmo[i] = p;
                signal[i] = _signal.Add(p, _index >= signalPeriod);
            }
        }
    }
}
