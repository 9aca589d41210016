using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Pivots;

/// <summary>Which prices the swing points compare.</summary>
public enum PivotsEnd
{
    HighLow,
    Close,
}

/// <summary>The parameters of <see cref="PivotsPlugin"/>.</summary>
public sealed class PivotsParameters
{
    [Parameter("Bars before the pivot bar that it must exceed.", Minimum = 1, Maximum = 100)]
    public int LeftSpan { get; init; } = 2;

    [Parameter("Bars after the pivot bar that it must exceed.", Minimum = 1, Maximum = 100)]
    public int RightSpan { get; init; } = 2;

    [Parameter("Longest gap, in bars, between two pivots joined by a line.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int MaxTrendPeriod { get; init; } = 20;

    [Parameter("Compare highs/lows (high_low) or closes (close).")]
    public PivotsEnd EndType { get; init; } = PivotsEnd.HighLow;
}

/// <summary>Swing-point pivots with trend lines between consecutive pivots (reads later bars).</summary>
public sealed class PivotsPlugin() : FeaturePlugin<PivotsParameters>(TechnicalPack.Describe("technical.pivots", Outputs, ["high", "low", "close"],
    warmup: "left_span bars (sparse output)",
    lookAhead: "max_trend_period + right_span bars: a pivot is confirmed right_span bars later, and a line reaches back to the previous pivot at most max_trend_period bars earlier",
    description: "Pivots: a swing high is a bar whose high is strictly above the highs of the left_span bars before and the " +
                 "right_span bars after it; a swing low likewise with lows (end_type close compares closes). When a swing " +
                 "high follows the previous one within max_trend_period bars and differs from it, a line is drawn between " +
                 "them (high_line, from the earlier pivot to the later one) and high_trend marks the rows after the earlier " +
                 "pivot up to the later one as HH or LH; the same for lows (HL/LL). Sparse; rows off any line are null."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput HighPoint = Outputs.Float("high_point", "The bar's high when it is a swing high (bearish fractal), else null.", OutputUnit.Price);
    private static readonly FloatOutput LowPoint = Outputs.Float("low_point", "The bar's low when it is a swing low (bullish fractal), else null.", OutputUnit.Price);
    private static readonly FloatOutput HighLine = Outputs.Float("high_line", "Straight line between consecutive swing highs at most max_trend_period bars apart.", OutputUnit.Price);
    private static readonly FloatOutput LowLine = Outputs.Float("low_line", "Straight line between consecutive swing lows at most max_trend_period bars apart.", OutputUnit.Price);
    private static readonly IntOutput HighTrend = Outputs.Int("high_trend", "Trend of the high line: 0 = higher high (HH), 1 = lower high (LH); null off a line.");
    private static readonly IntOutput LowTrend = Outputs.Int("low_trend", "Trend of the low line: 2 = higher low (HL), 3 = lower low (LL); null off a line.");
    private const int HigherHigh = 0, LowerHigh = 1, HigherLow = 2, LowerLow = 3;

    protected override int WarmupBars(PivotsParameters p) => p.LeftSpan;

    protected override int LookAheadBars(PivotsParameters p) => p.MaxTrendPeriod + p.RightSpan;

    protected override IFeatureKernel CreateKernel(PivotsParameters p, KernelContext context) =>
        new PivotsKernel(p.LeftSpan, p.RightSpan, p.MaxTrendPeriod, p.EndType == PivotsEnd.Close);

    private sealed class PivotsKernel(int left, int right, int maxTrend, bool useClose) : DeferredFeatureKernel(Outputs)
    {
        private readonly FractalWindow _window = new(left, right);
        private readonly PendingRows _rows = new(Outputs, maxTrend + right + 1);
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
            _rows[t, HighPoint] = highPoint;
            _rows[t, LowPoint] = lowPoint;
            if (_lastHighIndex >= 0 && _lastHighIndex < t - maxTrend) _lastHighIndex = -1;
            if (_lastLowIndex >= 0 && _lastLowIndex < t - maxTrend) _lastLowIndex = -1;

            if (!double.IsNaN(highPoint))
            {
                if (_lastHighIndex >= 0 && highPoint != _lastHighValue)
                {
                    Line(_lastHighIndex, _lastHighValue, t, highPoint, HighLine, HighTrend, highPoint > _lastHighValue ? HigherHigh : LowerHigh);
                }
                _lastHighIndex = t;
                _lastHighValue = highPoint;
            }
            if (!double.IsNaN(lowPoint))
            {
                if (_lastLowIndex >= 0 && lowPoint != _lastLowValue)
                {
                    Line(_lastLowIndex, _lastLowValue, t, lowPoint, LowLine, LowTrend, lowPoint > _lastLowValue ? HigherLow : LowerLow);
                }
                _lastLowIndex = t;
                _lastLowValue = lowPoint;
            }
        }

        private void Line(long from, double fromValue, long to, double toValue, FloatOutput line, IntOutput trendOutput, int trend)
        {
            _rows[from, line] = fromValue;
            var increment = (toValue - fromValue) / (to - from);
            for (var r = from + 1; r <= to; r++)
            {
                _rows.Set(r, trendOutput, trend);
                _rows[r, line] = toValue + increment * (r - to);
            }
        }

        protected override void Finish()
        {
            while (_rows.Count > 0) Release();
        }

        private void Release()
        {
            Emit(_rows.OldestOutputs);
            _rows.RemoveOldest();
        }
    }
}
