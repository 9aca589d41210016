using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Zigzag;

/// <summary>Which prices the zigzag follows.</summary>
public enum ZigzagEnd
{
    Close,
    HighLow,
}

/// <summary>The kind of pivot a bar is (the <c>point_type</c> output).</summary>
public enum ZigzagPoint
{
    [EnumName("H")] High,
    [EnumName("L")] Low,
}

/// <summary>The parameters of <see cref="ZigzagPlugin"/>.</summary>
public sealed class ZigzagParameters
{
    [Parameter("Reversal that confirms a pivot, in percent of the pivot's value.", Minimum = 0.01, Maximum = 200)]
    public double PercentChange { get; init; } = 5;

    [Parameter("Use closes (close) or highs and lows (high_low).")]
    public ZigzagEnd EndType { get; init; } = ZigzagEnd.Close;
}

/// <summary>ZigZag: lines between confirmed swing highs and lows (repaints its last leg).</summary>
public sealed class ZigzagPlugin() : FeaturePlugin<ZigzagParameters>(TechnicalPack.Describe("technical.zigzag", Outputs, ["high", "low", "close"],
    warmup: "data-dependent: null until the first pivot is confirmed (unbounded; 300 bars declared as a heuristic)",
    lookAhead: "unbounded (int.MaxValue): rows after the last confirmed high and low pivots are held until the next " +
               "reversal confirms them; at the end of a series they are drawn to the last bar and repaint later",
    description: "ZigZag (percent reversal). The opening direction comes from the first bar that moves percent_change away " +
                 "from the first bar (up: the first bar is a low; down: a high; never: undecided, looking for lows). Then, " +
                 "from the last pivot, the running extreme in the trend direction becomes the next pivot once price reverses " +
                 "by percent_change from it (relative to the extreme); the scan restarts at the bar after that pivot. " +
                 "end_type close uses closes, high_low highs for highs and lows for lows. zig_zag interpolates linearly " +
                 "between pivots (the first leg, from the first bar, is null except at its end); retrace_high/retrace_low " +
                 "join consecutive high/low pivots. The series' last bar ends an unconfirmed last leg (its close, or its " +
                 "high/low by the leg's direction), so the rows after the last confirmed pivots repaint as bars arrive. Until a first pivot is confirmed every row is null."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput ZigZag = Outputs.Float("zig_zag", "The zigzag line, interpolated between pivots; null before the first confirmed pivot.", OutputUnit.Price);
    private static readonly CategoryOutput<ZigzagPoint> PointType = Outputs.Category<ZigzagPoint>("point_type", "'H' on a swing-high pivot bar, 'L' on a swing-low pivot bar, else null.");
    private static readonly FloatOutput RetraceHigh = Outputs.Float("retrace_high", "Line through consecutive high pivots.", OutputUnit.Price);
    private static readonly FloatOutput RetraceLow = Outputs.Float("retrace_low", "Line through consecutive low pivots.", OutputUnit.Price);

    // The first pivot is confirmed after an unbounded number of bars; this is a heuristic, not a bound.
    protected override int WarmupBars(ZigzagParameters p) => 300;

    protected override int LookAheadBars(ZigzagParameters p) => int.MaxValue;

    protected override IFeatureKernel CreateKernel(ZigzagParameters p, KernelContext context) =>
        new ZigzagKernel(p.PercentChange / 100, p.EndType == ZigzagEnd.Close);

    /// <summary>A pivot, with the 1-based bar index of the reference algorithm; Type is null when undecided/unconfirmed.</summary>
    private struct Point(long index, double value, ZigzagPoint? type)
    {
        public long Index = index;
        public double Value = value;
        public ZigzagPoint? Type = type;
    }

    private sealed class ZigzagKernel(double threshold, bool useClose) : DeferredFeatureKernel(Outputs)
    {
        // The held rows: the outputs, then the bar's evaluated high and low as scratch cells.
        private const int HighScratch = 0, LowScratch = 1;
        private readonly PendingRows _rows = new(Outputs, 256, scratch: 2);
        private long _count;
        private double _firstClose;
        private bool _trendFound;
        private Point _last, _lastHigh, _lastLow, _extreme;
        private bool _trendUp;
        private long _scanNext;

        protected override void Consume(in BarSpans bars)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                var row = _rows.Add();
                double h = useClose ? bars.Close[i] : bars.High[i], l = useClose ? bars.Close[i] : bars.Low[i];
                _rows.Scratch(row, HighScratch) = h;
                _rows.Scratch(row, LowScratch) = l;
                _count++;
                if (row == 0)
                {
                    _firstClose = bars.Close[i];
                    _lastHigh = new Point(1, h, ZigzagPoint.High);
                    _lastLow = new Point(1, l, ZigzagPoint.Low);
                }
                if (!_trendFound && FindsOpeningTrend(h, l)) StartScan();
                if (_trendFound) Scan();
                ReleaseFinal();
            }
        }

        // Compares each bar with the first bar only, as the reference does.
        private bool FindsOpeningTrend(double h, double l)
        {
            var up = _lastLow.Value == 0 ? double.NaN : (h - _lastLow.Value) / _lastLow.Value;
            var down = _lastHigh.Value == 0 ? double.NaN : (_lastHigh.Value - l) / _lastHigh.Value;
            if (up >= threshold && up > down) _last = _lastLow;
            else if (down >= threshold && down > up) _last = _lastHigh;
            else return false;
            _trendFound = true;
            return true;
        }

        private void StartScan()
        {
            _trendUp = _last.Type == ZigzagPoint.Low;
            _extreme = new Point(_last.Index, _last.Value, _trendUp ? ZigzagPoint.High : ZigzagPoint.Low);
            _scanNext = _last.Index;
        }

        private void Scan()
        {
            while (_scanNext < _count)
            {
                var bar = _scanNext++;
                var index = bar + 1;
                double h = _rows.Scratch(bar, HighScratch), l = _rows.Scratch(bar, LowScratch);
                double change;
                if (_trendUp)
                {
                    if (h >= _extreme.Value)
                    {
                        _extreme.Index = index;
                        _extreme.Value = h;
                        change = 0;
                    }
                    else change = _extreme.Value == 0 ? double.NaN : (_extreme.Value - l) / _extreme.Value;
                }
                else
                {
                    if (l <= _extreme.Value)
                    {
                        _extreme.Index = index;
                        _extreme.Value = l;
                        change = 0;
                    }
                    else change = _extreme.Value == 0 ? double.NaN : (h - _extreme.Value) / _extreme.Value;
                }
                if (change >= threshold)
                {
                    Advance(_extreme);
                    StartScan();
                }
            }
        }

        private void Advance(Point next)
        {
            var direction = _last.Type;
            DrawLine(_last, next);
            _last = next;
            DrawRetrace(direction, next);
        }

        private void DrawLine(Point last, Point next)
        {
            if (next.Index == last.Index) return;
            var increment = (next.Value - last.Value) / (next.Index - last.Index);
            for (var k = last.Index + 1; k <= next.Index; k++)
            {
                var row = k - 1;
                _rows[row, ZigZag] = last.Index != 1 || k == next.Index ? last.Value + increment * (k - last.Index) : double.NaN;
                _rows.Set(row, PointType, k == next.Index ? next.Type : null);
            }
        }

        private void DrawRetrace(ZigzagPoint? direction, Point next)
        {
            Point prior;
            FloatOutput line;
            if (direction == ZigzagPoint.Low)
            {
                prior = _lastHigh;
                _lastHigh = new Point(next.Index, next.Value, ZigzagPoint.High);
                line = RetraceHigh;
            }
            else if (direction == ZigzagPoint.High)
            {
                prior = _lastLow;
                _lastLow = new Point(next.Index, next.Value, ZigzagPoint.Low);
                line = RetraceLow;
            }
            else
            {
                return;
            }
            if (prior.Index == 1 || next.Index == prior.Index) return;
            var increment = (next.Value - prior.Value) / (next.Index - prior.Index);
            for (var k = prior.Index; k <= next.Index; k++)
            {
                _rows[k - 1, line] = prior.Value + increment * (k - prior.Index);
            }
        }

        // A row is final once the zigzag passed it and no later retrace line can reach it.
        private void ReleaseFinal()
        {
            if (!_trendFound) return;
            var bound = Math.Min(_last.Index, Math.Min(_lastHigh.Index - 1, _lastLow.Index - 1));
            while (_rows.Count > 0 && _rows.First < bound) Release();
        }

        protected override void Finish()
        {
            if (_count == 0) return;
            if (!_trendFound)
            {
                _trendFound = true;
                _last = new Point(1, _firstClose, null);
                StartScan();
                Scan();
            }
            // With no confirmed pivot there is no line at all (the reference would mark the last bar alone).
            if (_last.Index > 1 && _last.Index < _count)
            {
                // The unconfirmed last leg ends at the last bar.
                var lastBar = _count - 1;
                Advance(new Point(_count, _trendUp ? _rows.Scratch(lastBar, HighScratch) : _rows.Scratch(lastBar, LowScratch), null));
            }
            while (_rows.Count > 0) Release();
        }

        private void Release()
        {
            Emit(_rows.OldestOutputs);
            _rows.RemoveOldest();
        }
    }
}
