using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Pivots;

/// <summary>Swing-point pivots with trend lines between consecutive pivots (reads later bars).</summary>
public sealed class PivotsPlugin : IFeaturePlugin
{
    private const int HigherHigh = 0, LowerHigh = 1, HigherLow = 2, LowerLow = 3;

    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("high_point", "The bar's high when it is a swing high (bearish fractal), else null."),
        OutputColumn.Float("low_point", "The bar's low when it is a swing low (bullish fractal), else null."),
        OutputColumn.Float("high_line", "Straight line between consecutive swing highs at most max_trend_period bars apart."),
        OutputColumn.Float("low_line", "Straight line between consecutive swing lows at most max_trend_period bars apart."),
        OutputColumn.Int("high_trend", "Trend of the high line: 0 = higher high (HH), 1 = lower high (LH); null off a line."),
        OutputColumn.Int("low_trend", "Trend of the low line: 2 = higher low (HL), 3 = lower low (LL); null off a line."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.pivots",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Pivots: a swing high is a bar whose high is strictly above the highs of the left_span bars before and the " +
                      "right_span bars after it; a swing low likewise with lows (end_type close compares closes). When a swing " +
                      "high follows the previous one within max_trend_period bars and differs from it, a line is drawn between " +
                      "them (high_line, from the earlier pivot to the later one) and high_trend marks the rows after the earlier " +
                      "pivot up to the later one as HH or LH; the same for lows (HL/LL). Sparse; rows off any line are null.",
        Parameters =
        [
            ParameterSpec.Integer("left_span", 2, 1, 100, "Bars before the pivot bar that it must exceed."),
            ParameterSpec.Integer("right_span", 2, 1, 100, "Bars after the pivot bar that it must exceed."),
            ParameterSpec.Integer("max_trend_period", 20, 1, TechnicalPack.MaxPeriod, "Longest gap, in bars, between two pivots joined by a line."),
            ParameterSpec.Choice("end_type", "high_low", ["high_low", "close"], "Compare highs/lows (high_low) or closes (close)."),
        ],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "left_span bars (sparse output)",
        LookAheadRule = "max_trend_period + right_span bars: a pivot is confirmed right_span bars later, and a line reaches back to the previous pivot at most max_trend_period bars earlier",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("left_span");

    public int LookAheadBars(ParameterValues parameters) =>
        parameters.GetInt32("max_trend_period") + parameters.GetInt32("right_span");

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new PivotsKernel(p.GetInt32("left_span"), p.GetInt32("right_span"), p.GetInt32("max_trend_period"),
            p.GetString("end_type") == "close");
    }

    private sealed class PivotsKernel(int left, int right, int maxTrend, bool useClose) : DeferredKernel(Outputs)
    {
        private readonly FractalWindow _window = new(left, right);
        private readonly PendingRows _rows = new(6, maxTrend + right + 1);
        private readonly int _delay = maxTrend + right;
        private long _lastHighIndex = -1;
        private double _lastHighValue;
        private long _lastLowIndex = -1;
        private double _lastLowValue;

        protected override void Consume(in BarSpans bars)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                _rows.Add();
                var evaluated = useClose ? _window.Add(bars.Close[i], bars.Close[i]) : _window.Add(bars.High[i], bars.Low[i]);
                if (evaluated) Evaluate(_window.Centre, _window.Bear, _window.Bull);
                if (_rows.Count > _delay) Release();
            }
        }

        private void Evaluate(long t, double highPoint, double lowPoint)
        {
            _rows[t, 0] = highPoint;
            _rows[t, 1] = lowPoint;
            if (_lastHighIndex >= 0 && _lastHighIndex < t - maxTrend) _lastHighIndex = -1;
            if (_lastLowIndex >= 0 && _lastLowIndex < t - maxTrend) _lastLowIndex = -1;

            if (!double.IsNaN(highPoint))
            {
                if (_lastHighIndex >= 0 && highPoint != _lastHighValue)
                {
                    Line(_lastHighIndex, _lastHighValue, t, highPoint, 2, 4, highPoint > _lastHighValue ? HigherHigh : LowerHigh);
                }
                _lastHighIndex = t;
                _lastHighValue = highPoint;
            }
            if (!double.IsNaN(lowPoint))
            {
                if (_lastLowIndex >= 0 && lowPoint != _lastLowValue)
                {
                    Line(_lastLowIndex, _lastLowValue, t, lowPoint, 3, 5, lowPoint > _lastLowValue ? HigherLow : LowerLow);
                }
                _lastLowIndex = t;
                _lastLowValue = lowPoint;
            }
        }

        private void Line(long from, double fromValue, long to, double toValue, int lineColumn, int trendColumn, int trend)
        {
            _rows[from, lineColumn] = fromValue;
            var increment = (toValue - fromValue) / (to - from);
            for (var r = from + 1; r <= to; r++)
            {
                _rows[r, trendColumn] = trend;
                _rows[r, lineColumn] = toValue + increment * (r - to);
            }
        }

        protected override void Finish()
        {
            while (_rows.Count > 0) Release();
        }

        private void Release()
        {
            Emit(_rows.Oldest);
            _rows.RemoveOldest();
        }
    }
}
