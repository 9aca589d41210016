using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Supertrend;

/// <summary>The parameters of <see cref="SupertrendPlugin"/>.</summary>
public sealed class SupertrendParameters
{
    [Parameter("ATR lookback, in bars.", Minimum = 2, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 10;

    [Parameter("Band distance in ATRs.", Minimum = 0.000001, Maximum = 100)]
    public double Multiplier { get; init; } = 3;
}

/// <summary>SuperTrend.</summary>
public sealed class SupertrendPlugin() : FeaturePlugin<SupertrendParameters>(TechnicalPack.Describe("technical.supertrend", Outputs, ["high", "low", "close"],
    warmup: "period bars (the first value is at bar index `period`)",
    description: "SuperTrend: mid = (H+L)/2, candidate bands mid +/- multiplier*ATR(period) (Wilder ATR seeded with the mean of " +
                 "the first `period` true ranges). The upper band only moves down unless the previous close broke above it; the " +
                 "lower band only moves up unless the previous close broke below it. Bearish when the close is at or below the " +
                 "active band (lower when bullish, upper when bearish), else bullish; the first trend is close >= mid."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput SuperTrend = Outputs.Float("super_trend", "The active stop line (upper band when bearish, lower band when bullish).", OutputUnit.Price);
    private static readonly FloatOutput UpperBand = Outputs.Float("upper_band", "The line while bearish, else null.", OutputUnit.Price);
    private static readonly FloatOutput LowerBand = Outputs.Float("lower_band", "The line while bullish, else null.", OutputUnit.Price);

    protected override int WarmupBars(SupertrendParameters p) => p.Period;

    protected override IFeatureKernel CreateKernel(SupertrendParameters p, KernelContext context) =>
        new SupertrendKernel(p.Period, p.Multiplier);

    private sealed class SupertrendKernel(int period, double multiplier) : FeatureKernel(Outputs)
    {
        private readonly AverageTrueRange _atr = new(period);
        private bool _started;
        private bool _bullish = true;
        private double _upper;
        private double _lower;
        private double _previousClose;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            Span<double> superTrend = outputs[SuperTrend], upperBand = outputs[UpperBand], lowerBand = outputs[LowerBand];
            for (var i = 0; i < bars.Length; i++)
            {
                double h = bars.High[i], l = bars.Low[i], c = bars.Close[i];
                var atr = _atr.Add(h, l, c);
                superTrend[i] = upperBand[i] = lowerBand[i] = double.NaN;
                if (!double.IsNaN(atr))
                {
                    var mid = (h + l) / 2;
                    var upperEval = mid + multiplier * atr;
                    var lowerEval = mid - multiplier * atr;
                    if (!_started)
                    {
                        _started = true;
                        _bullish = c >= mid;
                        _upper = upperEval;
                        _lower = lowerEval;
                    }
                    if (upperEval < _upper || _previousClose > _upper) _upper = upperEval;
                    if (lowerEval > _lower || _previousClose < _lower) _lower = lowerEval;

                    if (c <= (_bullish ? _lower : _upper))
                    {
                        _bullish = false;
                        superTrend[i] = upperBand[i] = _upper;
                    }
                    else
                    {
                        _bullish = true;
                        superTrend[i] = lowerBand[i] = _lower;
                    }
                }
                _previousClose = c;
            }
        }
    }
}
