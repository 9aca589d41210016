using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.AtrStop;

/// <summary>The price the bands hang from (the <c>end_type</c> parameter).</summary>
public enum AtrStopEnd
{
    Close,
    HighLow,
}

/// <summary>The parameters of <see cref="AtrStopPlugin"/>.</summary>
public sealed class AtrStopParameters
{
    [Parameter("ATR lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 21;

    [Parameter("Band offset in multiples of ATR.", Minimum = 0.01, Maximum = 100)]
    public double Multiplier { get; init; } = 3;

    [Parameter("Price the bands hang from: the close, or the high/low.")]
    public AtrStopEnd EndType { get; init; } = AtrStopEnd.Close;
}

/// <summary>ATR trailing stop.</summary>
public sealed class AtrStopPlugin() : FeaturePlugin<AtrStopParameters>(TechnicalPack.Describe("technical.atr_stop", Outputs, ["high", "low", "close"],
    warmup: "period bars (the first stop is at bar index `period`)",
    description: "ATR Trailing Stop. ATR is Wilder's (plain mean of TR over bars 1..period, then (prev*(N-1)+TR)/N). " +
                 "Candidate bands are close ± multiplier*ATR (end_type close) or high + / low - multiplier*ATR " +
                 "(end_type high_low). The upper band only moves down unless the previous close broke above it; the " +
                 "lower band only moves up unless the previous close broke below it. The direction starts long when the " +
                 "first close is >= the previous close; a close at or beyond the active band flips it. Values start at " +
                 "bar index `period`."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput AtrStop = Outputs.Float("atr_stop", "The active trailing stop: the upper band while short, the lower band while long.", OutputUnit.Price);
    private static readonly FloatOutput BuyStop = Outputs.Float("buy_stop", "The stop while short (upper band, buy to cover); null while long.", OutputUnit.Price);
    private static readonly FloatOutput SellStop = Outputs.Float("sell_stop", "The stop while long (lower band, sell to exit); null while short.", OutputUnit.Price);
    private static readonly FloatOutput Atr = Outputs.Float("atr", "Wilder ATR over `period` bars used for the band offset.");

    protected override int WarmupBars(AtrStopParameters p) => p.Period;

    protected override IFeatureKernel CreateKernel(AtrStopParameters p, KernelContext context) => new AtrStopKernel(
        p.Period,
        p.Multiplier,
        p.EndType == AtrStopEnd.HighLow);

    private sealed class AtrStopKernel(int period, double multiplier, bool highLow) : FeatureKernel(Outputs)
    {
        private readonly AtrTracker _atr = new(period);
        private long _index = -1;
        private double _previousClose = double.NaN;
        private bool _bullish = true;
        private double _upper = double.MaxValue;
        private double _lower = double.MinValue;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            Span<double> stop = outputs[AtrStop], buy = outputs[BuyStop], sell = outputs[SellStop], atrOut = outputs[Atr];
            for (var i = 0; i < close.Length; i++)
            {
                _index++;
                var c = close[i];
                var atr = _atr.Add(high[i], low[i], c);
                var previous = _previousClose;
                _previousClose = c;
                if (_index < period)
                {
                    stop[i] = buy[i] = sell[i] = atrOut[i] = double.NaN;
                    continue;
                }
                if (_index == period) _bullish = c >= previous;

                var upperEval = (highLow ? high[i] : c) + multiplier * atr;
                var lowerEval = (highLow ? low[i] : c) - multiplier * atr;
                if (upperEval < _upper || previous > _upper) _upper = upperEval;
                if (lowerEval > _lower || previous < _lower) _lower = lowerEval;

                atrOut[i] = atr;
                if (c <= (_bullish ? _lower : _upper))
                {
                    _bullish = false;
                    stop[i] = buy[i] = _upper;
                    sell[i] = double.NaN;
                }
                else
                {
                    _bullish = true;
                    stop[i] = sell[i] = _lower;
                    buy[i] = double.NaN;
                }
            }
        }
    }
}
