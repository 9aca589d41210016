using System.Globalization;
using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.PivotPoints;

/// <summary>The calendar window whose high, low and close feed the next window's levels.</summary>
public enum PivotWindow
{
    Month,
    Week,
    Day,
    Hour,
}

/// <summary>The parameters of <see cref="PivotPointsPlugin"/>.</summary>
public sealed class PivotPointsParameters
{
    [Parameter("Calendar window whose H/L/C feed the next window's levels.")]
    public PivotWindow Window { get; init; } = PivotWindow.Month;

    [Parameter("Pivot formula.")]
    public PivotPointType PointType { get; init; } = PivotPointType.Standard;
}

/// <summary>Pivot points from the previous calendar window (month, week, day or hour).</summary>
public sealed class PivotPointsPlugin() : FeaturePlugin<PivotPointsParameters>(TechnicalPack.Describe("technical.pivot_points", Outputs, ["open", "high", "low", "close"],
    warmup: "one full calendar window plus the start of the next: about 2 windows of bars (e.g. 45 daily bars for month)",
    description: "Calendar Pivot Points: bars are grouped into windows by the UTC month, week (invariant calendar, weeks start " +
                 "Sunday, week 1 holds 1 January), day or hour of their timestamp; a new window starts when that number changes. " +
                 "Every bar of a window gets the levels of the previous window's H, L, C (and O: its first open, or for woodie " +
                 "the current window's first open). The first window, which has no predecessor, is null. Levels by point_type: " +
                 PivotLevels.KindsDescription))
{
    private static readonly OutputList Outputs = new();
    private static readonly PivotLevelOutputs Levels = new(Outputs);

    protected override int WarmupBars(PivotPointsParameters p) => p.Window switch
    {
        PivotWindow.Week => 10,
        PivotWindow.Day => 2 * 24 * 60,
        PivotWindow.Hour => 2 * 60,
        _ => 45,
    };

    protected override IFeatureKernel CreateKernel(PivotPointsParameters p, KernelContext context) =>
        new PivotPointsKernel(p.Window, p.PointType);

    private sealed class PivotPointsKernel(PivotWindow window, PivotPointType kind) : FeatureKernel(Outputs)
    {
        private readonly string _formula = EnumText<PivotPointType>.Name(kind);
        private readonly double[] _levels = new double[9];
        private bool _started;
        private bool _firstWindow = true;
        private int _windowId;
        private double _open, _high, _low, _close;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var levels = Levels.Open(outputs);
            for (var i = 0; i < bars.Length; i++)
            {
                double o = bars.Open[i], h = bars.High[i], l = bars.Low[i];
                var id = WindowNumber(bars.Timestamp[i]);
                if (!_started)
                {
                    _started = true;
                    _windowId = id;
                    (_open, _high, _low, _close) = (o, h, l, bars.Close[i]);
                }
                if (id != _windowId)
                {
                    _windowId = id;
                    _firstWindow = false;
                    if (kind == PivotPointType.Woodie) _open = o;
                    PivotLevels.Compute(_formula, _open, _high, _low, _close, _levels);
                    (_open, _high, _low) = (o, h, l);
                }
                if (_firstWindow) levels.WriteNull(i);
                else levels.Write(i, _levels);
                if (h > _high) _high = h;
                if (l < _low) _low = l;
                _close = bars.Close[i];
            }
        }

        private int WindowNumber(long micros)
        {
            var t = DateTime.UnixEpoch.AddTicks(micros * 10);
            return window switch
            {
                PivotWindow.Week => CultureInfo.InvariantCulture.Calendar.GetWeekOfYear(t, CalendarWeekRule.FirstDay, DayOfWeek.Sunday),
                PivotWindow.Day => t.Day,
                PivotWindow.Hour => t.Hour,
                _ => t.Month,
            };
        }
    }
}
