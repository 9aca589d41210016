using System.Globalization;
using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.PivotPoints;

/// <summary>Pivot points from the previous calendar window (month, week, day or hour).</summary>
public sealed class PivotPointsPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("pp", "Pivot point."),
        OutputColumn.Float("s1", "Support 1."),
        OutputColumn.Float("s2", "Support 2."),
        OutputColumn.Float("s3", "Support 3 (null for demark)."),
        OutputColumn.Float("s4", "Support 4 (camarilla only, else null)."),
        OutputColumn.Float("r1", "Resistance 1."),
        OutputColumn.Float("r2", "Resistance 2."),
        OutputColumn.Float("r3", "Resistance 3 (null for demark)."),
        OutputColumn.Float("r4", "Resistance 4 (camarilla only, else null)."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.pivot_points",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Calendar Pivot Points: bars are grouped into windows by the UTC month, week (invariant calendar, weeks start " +
                      "Sunday, week 1 holds 1 January), day or hour of their timestamp; a new window starts when that number changes. " +
                      "Every bar of a window gets the levels of the previous window's H, L, C (and O: its first open, or for woodie " +
                      "the current window's first open). The first window, which has no predecessor, is null. Levels by point_type: " +
                      PivotLevels.KindsDescription,
        Parameters =
        [
            ParameterSpec.Choice("window", "month", ["month", "week", "day", "hour"], "Calendar window whose H/L/C feed the next window's levels."),
            ParameterSpec.Choice("point_type", "standard", PivotLevels.Kinds, "Pivot formula."),
        ],
        Outputs = Outputs,
        InputColumns = ["open", "high", "low", "close"],
        WarmupRule = "one full calendar window plus the start of the next: about 2 windows of bars (e.g. 45 daily bars for month)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetString("window") switch
    {
        "week" => 10,
        "day" => 2 * 24 * 60,
        "hour" => 2 * 60,
        _ => 45,
    };

    public IFeatureKernel CreateKernel(KernelContext context) =>
        new PivotPointsKernel(context.Parameters.GetString("window"), context.Parameters.GetString("point_type"));

    private sealed class PivotPointsKernel(string window, string kind) : BarKernel(Outputs)
    {
        private readonly double[] _levels = new double[9];
        private bool _started;
        private bool _firstWindow = true;
        private int _windowId;
        private double _open, _high, _low, _close;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
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
                    if (kind == "woodie") _open = o;
                    PivotLevels.Compute(kind, _open, _high, _low, _close, _levels);
                    (_open, _high, _low) = (o, h, l);
                }
                for (var c = 0; c < 9; c++) outputs[c][i] = _firstWindow ? double.NaN : _levels[c];
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
                "week" => CultureInfo.InvariantCulture.Calendar.GetWeekOfYear(t, CalendarWeekRule.FirstDay, DayOfWeek.Sunday),
                "day" => t.Day,
                "hour" => t.Hour,
                _ => t.Month,
            };
        }
    }
}
