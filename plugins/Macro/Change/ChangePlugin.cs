using Features.Plugins.Macro.Common;
using Features.PluginSdk;

namespace Features.Plugins.Macro.Change;

/// <summary>Change of a macro series over a number of its own observations, joined point-in-time.</summary>
public sealed class ChangePlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<string> Methods = ["absolute", "percent", "log"];

    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("change", "Change between the latest usable observation and the one `periods` observations before it, by `method`."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "macro.change",
        Type = FeatureType.Macro,
        Version = MacroPack.Version,
        Description = "Change of a macro series over `periods` of its own observations (not bars): with x the close of the latest " +
                      "observation usable at the bar (stamped t, usable when t + release_lag <= bar) and x0 the close `periods` " +
                      "observations earlier, absolute = x - x0, percent = 100 * (x - x0) / x0, log = ln(x / x0). The value is held " +
                      "from bar to bar until the next observation is usable. Null until periods + 1 observations are usable; " +
                      "percent is null when x0 = 0 and log when x or x0 <= 0. Observations with a non-finite close are skipped.",
        Parameters =
        [
            MacroPack.Series("series", "macro series"),
            ParameterSpec.Integer("periods", 1, 1, MacroPack.MaxPeriod, "How many observations of the series back the change is measured (1 = since the previous observation)."),
            ParameterSpec.Choice("method", "percent", Methods, "absolute (x - x0), percent (100 * (x - x0) / x0) or log (ln(x / x0))."),
            MacroPack.ReleaseLag(),
        ],
        Outputs = Outputs,
        InputColumns = ["timestamp"],
        WarmupRule = "none (the host delivers the macro series from the start of its history)",
    };

    public int WarmupBars(ParameterValues parameters) => 0;

    public IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(ParameterValues parameters) =>
        [new("series", parameters.GetString("series"))];

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        var series = new AsOfSeries(MacroPack.Auxiliary(context, "series"), p.GetDuration("release_lag"));
        var method = p.GetString("method") switch
        {
            "absolute" => ChangeMethod.Absolute,
            "percent" => ChangeMethod.Percent,
            "log" => ChangeMethod.Log,
            var other => throw new ArgumentException($"unknown method '{other}'"),
        };
        return new ChangeKernel(series, p.GetInt32("periods"), method);
    }

    private enum ChangeMethod { Absolute, Percent, Log }

    private sealed class ChangeKernel(AsOfSeries series, int periods, ChangeMethod method) : BarKernel(Outputs)
    {
        private readonly ValueRing _history = new(periods + 1);
        private double _change = double.NaN;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var timestamps = bars.Timestamp;
            var change = outputs[0];
            for (var i = 0; i < timestamps.Length; i++)
            {
                var fresh = false;
                while (series.TryTakeNext(timestamps[i], out var observation))
                {
                    // A non-finite close is a gap in the series, not an observation to count.
                    if (!double.IsFinite(observation.Close)) continue;
                    _history.Add(observation.Close);
                    fresh = true;
                }
                if (fresh)
                {
                    _change = _history.IsFull ? Measure(_history.Back(0), _history.Back(periods)) : double.NaN;
                }
                change[i] = _change;
            }
        }

        private double Measure(double x, double x0) => method switch
        {
            ChangeMethod.Absolute => x - x0,
            ChangeMethod.Percent => x0 != 0 ? 100 * (x - x0) / x0 : double.NaN,
            _ => x > 0 && x0 > 0 ? Math.Log(x / x0) : double.NaN,
        };
    }
}
