using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.RocWb;

/// <summary>The parameters of <see cref="RocWbPlugin"/>.</summary>
public sealed class RocWbParameters
{
    [Parameter("Rate-of-change lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 20;

    [Parameter("EMA length applied to roc, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int EmaPeriod { get; init; } = 5;

    [Parameter("Window of the root-mean-square bands, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int StdDevPeriod { get; init; } = 5;
}

/// <summary>Rate of change with an EMA and root-mean-square bands.</summary>
public sealed class RocWbPlugin() : FeaturePlugin<RocWbParameters>(TechnicalPack.Describe("technical.roc_wb", Outputs, ["close"],
    warmup: "period + max(ema_period, std_dev_period) - 1 bars",
    description: "Rate of Change with Bands. roc = 100*(C - C[period ago])/C[period ago]. roc_ema is an EMA with " +
                 "k = 2/(N+1), seeded with the mean of the first ema_period roc values (and re-seeded the same way after " +
                 "a missing roc). The bands are ± the root mean square of roc over the last std_dev_period bars " +
                 "(a deviation around 0, not around the mean); null when a roc in the window is missing."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Roc = Outputs.Float("roc", "100*(C - C[period ago])/C[period ago]; null when that close is 0.");
    private static readonly FloatOutput RocEma = Outputs.Float("roc_ema", "EMA(ema_period) of roc, seeded with the mean of its first ema_period values.");
    private static readonly FloatOutput UpperBand = Outputs.Float("upper_band", "sqrt(mean of roc^2 over std_dev_period bars).");
    private static readonly FloatOutput LowerBand = Outputs.Float("lower_band", "-upper_band.");

    protected override int WarmupBars(RocWbParameters p) =>
        p.Period + Math.Max(p.EmaPeriod, p.StdDevPeriod) - 1;

    protected override IFeatureKernel CreateKernel(RocWbParameters p, KernelContext context) => new RocWbKernel(
        p.Period,
        p.EmaPeriod,
        p.StdDevPeriod);

    private sealed class RocWbKernel(int period, int emaPeriod, int stdDevPeriod) : FeatureKernel(Outputs)
    {
        private DelayLine _closes = new(period); // a mutable struct: not readonly
        private readonly double _k = 2d / (emaPeriod + 1);
        // The last ema_period roc values, for (re-)seeding the EMA after a run of missing values.
        private readonly double[] _seedRing = new double[emaPeriod];
        private readonly RollingCount _seedMissing = new(emaPeriod);
        private readonly RollingSum _squares = new(stdDevPeriod);
        private readonly RollingCount _squaresMissing = new(stdDevPeriod);
        private long _index = -1;
        private double _ema = double.NaN;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            Span<double> rocOut = outputs[Roc], emaOut = outputs[RocEma], upperOut = outputs[UpperBand], lowerOut = outputs[LowerBand];
            for (var i = 0; i < close.Length; i++)
            {
                _index++;
                _closes.Add(close[i]);
                var roc = double.NaN;
                if (_closes.IsReady && _closes.Lagged != 0)
                {
                    var back = _closes.Lagged;
                    roc = 100d * (close[i] - back) / back;
                }
                var missing = double.IsNaN(roc);

                _seedRing[_index % emaPeriod] = roc;
                _seedMissing.Add(missing);
                if (double.IsNaN(_ema))
                {
                    if (_index >= emaPeriod && _seedMissing.Count == 0)
                    {
                        var start = (int)((_index + 1) % emaPeriod);
                        var sum = 0.0;
                        for (var k = 0; k < emaPeriod; k++) sum += _seedRing[(start + k) % emaPeriod];
                        _ema = sum / emaPeriod;
                    }
                }
                else
                {
                    _ema += _k * (roc - _ema);
                }

                _squares.Add(missing ? 0 : roc * roc);
                _squaresMissing.Add(missing);
                var deviation = _index >= stdDevPeriod && _squaresMissing.Count == 0
                    ? Math.Sqrt(Math.Max(0, _squares.Sum) / stdDevPeriod)
                    : double.NaN;

                rocOut[i] = roc;
                emaOut[i] = _ema;
                upperOut[i] = deviation;
                lowerOut[i] = -deviation;
            }
        }
    }
}
