using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.RollingPivots;

/// <summary>The parameters of <see cref="RollingPivotsPlugin"/>.</summary>
public sealed class RollingPivotsParameters
{
    [Parameter("Bars in the trailing window.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Window { get; init; } = 20;

    [Parameter("Bars between the window's end and the current bar.", Minimum = 0, Maximum = TechnicalPack.MaxPeriod)]
    public int Offset { get; init; } = 0;

    [Parameter("Pivot formula.")]
    public PivotPointType PointType { get; init; } = PivotPointType.Standard;
}

/// <summary>Rolling pivot points over a trailing window of bars.</summary>
public sealed class RollingPivotsPlugin() : FeaturePlugin<RollingPivotsParameters>(TechnicalPack.Describe("technical.rolling_pivots", Outputs, ["open", "high", "low", "close"],
    warmup: "window + offset bars",
    description: "Rolling Pivot Points: H and L are the highest high and lowest low of the `window` bars ending `offset` bars " +
                 "before the current bar (the current bar excluded), C the close of the last of them and O the current bar's " +
                 "open. Levels by point_type: " + PivotLevels.KindsDescription))
{
    private static readonly OutputList Outputs = new();
    private static readonly PivotLevelOutputs Levels = new(Outputs);

    protected override int WarmupBars(RollingPivotsParameters p) => p.Window + p.Offset;

    protected override IFeatureKernel CreateKernel(RollingPivotsParameters p, KernelContext context) =>
        new RollingPivotsKernel(p.Window, p.Offset, p.PointType);

    private sealed class RollingPivotsKernel(int window, int offset, PivotPointType kind) : FeatureKernel(Outputs)
    {
        private readonly string _formula = EnumText<PivotPointType>.Name(kind);
        private readonly RollingExtreme _highest = new(window, maximum: true);
        private readonly RollingExtreme _lowest = new(window, maximum: false);
        // Window summaries of the last offset+1 bars, so bar i reads the one that ended at i-offset-1.
        private readonly double[] _hh = new double[offset + 1];
        private readonly double[] _ll = new double[offset + 1];
        private readonly double[] _cc = new double[offset + 1];
        private readonly double[] _levels = new double[9];
        private long _index = -1;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var levels = Levels.Open(outputs);
            for (var i = 0; i < bars.Length; i++)
            {
                _index++;
                var slot = (int)(_index % (offset + 1));
                if (_index >= window + offset)
                {
                    PivotLevels.Compute(_formula, bars.Open[i], _hh[slot], _ll[slot], _cc[slot], _levels);
                    levels.Write(i, _levels);
                }
                else
                {
                    levels.WriteNull(i);
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
