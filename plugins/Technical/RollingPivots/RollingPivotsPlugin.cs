using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.RollingPivots;

/// <summary>Rolling pivot points over a trailing window of bars.</summary>
public sealed class RollingPivotsPlugin : IFeaturePlugin
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
        Key = "technical.rolling_pivots",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Rolling Pivot Points: H and L are the highest high and lowest low of the `window` bars ending `offset` bars " +
                      "before the current bar (the current bar excluded), C the close of the last of them and O the current bar's " +
                      "open. Levels by point_type: " + PivotLevels.KindsDescription,
        Parameters =
        [
            ParameterSpec.Integer("window", 20, 1, TechnicalPack.MaxPeriod, "Bars in the trailing window."),
            ParameterSpec.Integer("offset", 0, 0, TechnicalPack.MaxPeriod, "Bars between the window's end and the current bar."),
            ParameterSpec.Choice("point_type", "standard", PivotLevels.Kinds, "Pivot formula."),
        ],
        Outputs = Outputs,
        InputColumns = ["open", "high", "low", "close"],
        WarmupRule = "window + offset bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("window") + parameters.GetInt32("offset");

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new RollingPivotsKernel(p.GetInt32("window"), p.GetInt32("offset"), p.GetString("point_type"));
    }

    private sealed class RollingPivotsKernel(int window, int offset, string kind) : BarKernel(Outputs)
    {
        private readonly RollingExtreme _highest = new(window, maximum: true);
        private readonly RollingExtreme _lowest = new(window, maximum: false);
        // Window summaries of the last offset+1 bars, so bar i reads the one that ended at i-offset-1.
        private readonly double[] _hh = new double[offset + 1];
        private readonly double[] _ll = new double[offset + 1];
        private readonly double[] _cc = new double[offset + 1];
        private readonly double[] _levels = new double[9];
        private long _index = -1;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                _index++;
                var slot = (int)(_index % (offset + 1));
                if (_index >= window + offset)
                {
                    PivotLevels.Compute(kind, bars.Open[i], _hh[slot], _ll[slot], _cc[slot], _levels);
                    for (var c = 0; c < 9; c++) outputs[c][i] = _levels[c];
                }
                else
                {
                    for (var c = 0; c < 9; c++) outputs[c][i] = double.NaN;
                }
                _highest.Add(bars.High[i]);
                _lowest.Add(bars.Low[i]);
                _hh[slot] = _highest.Value;
                _ll[slot] = _lowest.Value;
                _cc[slot] = bars.Close[i];
            }
        }
    }
}
