using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.AtrStop;

/// <summary>ATR trailing stop.</summary>
public sealed class AtrStopPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("atr_stop", "The active trailing stop: the upper band while short, the lower band while long."),
        OutputColumn.Float("buy_stop", "The stop while short (upper band, buy to cover); null while long."),
        OutputColumn.Float("sell_stop", "The stop while long (lower band, sell to exit); null while short."),
        OutputColumn.Float("atr", "Wilder ATR over `period` bars used for the band offset."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.atr_stop",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "ATR Trailing Stop. ATR is Wilder's (plain mean of TR over bars 1..period, then (prev*(N-1)+TR)/N). " +
                      "Candidate bands are close ± multiplier*ATR (end_type close) or high + / low - multiplier*ATR " +
                      "(end_type high_low). The upper band only moves down unless the previous close broke above it; the " +
                      "lower band only moves up unless the previous close broke below it. The direction starts long when the " +
                      "first close is >= the previous close; a close at or beyond the active band flips it. Values start at " +
                      "bar index `period`.",
        Parameters =
        [
            ParameterSpec.Integer("period", 21, 1, TechnicalPack.MaxPeriod, "ATR lookback, in bars."),
            ParameterSpec.Number("multiplier", 3, 0.01, 100, "Band offset in multiples of ATR."),
            ParameterSpec.Choice("end_type", "close", ["close", "high_low"], "Price the bands hang from: the close, or the high/low."),
        ],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "period bars (the first stop is at bar index `period`)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period");

    public IFeatureKernel CreateKernel(KernelContext context) => new AtrStopKernel(
        context.Parameters.GetInt32("period"),
        context.Parameters.GetDouble("multiplier"),
        context.Parameters.GetString("end_type") == "high_low");

    private sealed class AtrStopKernel(int period, double multiplier, bool highLow) : BarKernel(Outputs)
    {
        private readonly AtrTracker _atr = new(period);
        private long _index = -1;
        private double _previousClose = double.NaN;
        private bool _bullish = true;
        private double _upper = double.MaxValue;
        private double _lower = double.MinValue;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var (stop, buy, sell, atrOut) = (outputs[0], outputs[1], outputs[2], outputs[3]);
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
