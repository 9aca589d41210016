using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Zigzag;

/// <summary>ZigZag: lines between confirmed swing highs and lows (repaints its last leg).</summary>
public sealed class ZigzagPlugin : IFeaturePlugin
{
    private const double High = 0, Low = 1;

    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("zig_zag", "The zigzag line, interpolated between pivots; null before the first confirmed pivot."),
        OutputColumn.Category("point_type", ["H", "L"], "'H' on a swing-high pivot bar, 'L' on a swing-low pivot bar, else null."),
        OutputColumn.Float("retrace_high", "Line through consecutive high pivots."),
        OutputColumn.Float("retrace_low", "Line through consecutive low pivots."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.zigzag",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "ZigZag (percent reversal). The opening direction comes from the first bar that moves percent_change away " +
                      "from the first bar (up: the first bar is a low; down: a high; never: undecided, looking for lows). Then, " +
                      "from the last pivot, the running extreme in the trend direction becomes the next pivot once price reverses " +
                      "by percent_change from it (relative to the extreme); the scan restarts at the bar after that pivot. " +
                      "end_type close uses closes, high_low highs for highs and lows for lows. zig_zag interpolates linearly " +
                      "between pivots (the first leg, from the first bar, is null except at its end); retrace_high/retrace_low " +
                      "join consecutive high/low pivots. The series' last bar ends an unconfirmed last leg (its close, or its " +
                      "high/low by the leg's direction), so the rows after the last confirmed pivots repaint as bars arrive. Until a first pivot is confirmed every row is null.",
        Parameters =
        [
            ParameterSpec.Number("percent_change", 5, 0.01, 200, "Reversal that confirms a pivot, in percent of the pivot's value."),
            ParameterSpec.Choice("end_type", "close", ["close", "high_low"], "Use closes (close) or highs and lows (high_low)."),
        ],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "data-dependent: null until the first pivot is confirmed (unbounded; 300 bars declared as a heuristic)",
        LookAheadRule = "unbounded (int.MaxValue): rows after the last confirmed high and low pivots are held until the next " +
                        "reversal confirms them; at the end of a series they are drawn to the last bar and repaint later",
    };

    // The first pivot is confirmed after an unbounded number of bars; this is a heuristic, not a bound.
    public int WarmupBars(ParameterValues parameters) => 300;

    public int LookAheadBars(ParameterValues parameters) => int.MaxValue;

    public IFeatureKernel CreateKernel(KernelContext context) => new ZigzagKernel(
        context.Parameters.GetDouble("percent_change") / 100, context.Parameters.GetString("end_type") == "close");

    /// <summary>A pivot, with the 1-based bar index of the reference algorithm; Type is High, Low or NaN (undecided/unconfirmed).</summary>
    private struct Point(long index, double value, double type)
    {
        public long Index = index;
        public double Value = value;
        public double Type = type;
    }

    private sealed class ZigzagKernel(double threshold, bool useClose) : DeferredKernel(Outputs)
    {
        // Columns: zig_zag, point_type, retrace_high, retrace_low, then the bar's evaluated high and low.
        private readonly PendingRows _rows = new(6, 256);
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
                _rows[row, 4] = h;
                _rows[row, 5] = l;
                _count++;
                if (row == 0)
                {
                    _firstClose = bars.Close[i];
                    _lastHigh = new Point(1, h, High);
                    _lastLow = new Point(1, l, Low);
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
            _trendUp = _last.Type == Low;
            _extreme = new Point(_last.Index, _last.Value, _trendUp ? High : Low);
            _scanNext = _last.Index;
        }

        private void Scan()
        {
            while (_scanNext < _count)
            {
                var bar = _scanNext++;
                var index = bar + 1;
                double h = _rows[bar, 4], l = _rows[bar, 5];
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
                _rows[row, 0] = last.Index != 1 || k == next.Index ? last.Value + increment * (k - last.Index) : double.NaN;
                _rows[row, 1] = k == next.Index ? next.Type : double.NaN;
            }
        }

        private void DrawRetrace(double direction, Point next)
        {
            Point prior;
            int column;
            if (direction == Low)
            {
                prior = _lastHigh;
                _lastHigh = new Point(next.Index, next.Value, High);
                column = 2;
            }
            else if (direction == High)
            {
                prior = _lastLow;
                _lastLow = new Point(next.Index, next.Value, Low);
                column = 3;
            }
            else
            {
                return;
            }
            if (prior.Index == 1 || next.Index == prior.Index) return;
            var increment = (next.Value - prior.Value) / (next.Index - prior.Index);
            for (var k = prior.Index; k <= next.Index; k++)
            {
                _rows[k - 1, column] = prior.Value + increment * (k - prior.Index);
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
                _last = new Point(1, _firstClose, double.NaN);
                StartScan();
                Scan();
            }
            // With no confirmed pivot there is no line at all (the reference would mark the last bar alone).
            if (_last.Index > 1 && _last.Index < _count)
            {
                // The unconfirmed last leg ends at the last bar.
                var lastBar = _count - 1;
                Advance(new Point(_count, _trendUp ? _rows[lastBar, 4] : _rows[lastBar, 5], double.NaN));
            }
            while (_rows.Count > 0) Release();
        }

        private void Release()
        {
            Emit(_rows.Oldest[..4]);
            _rows.RemoveOldest();
        }
    }
}
