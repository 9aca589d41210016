using Features.PluginSdk;

namespace Features.Plugins.Technical.Common;

/// <summary>
/// The nine level columns of the pivot plugins (pivot_points, rolling_pivots), declared on the plugin's output list in
/// <see cref="PivotLevels.Compute"/>'s order: pp, s1..s4, r1..r4.
/// </summary>
internal sealed class PivotLevelOutputs(OutputList outputs)
{
    private readonly FloatOutput _pp = outputs.Float("pp", "Pivot point.", OutputUnit.Price);
    private readonly FloatOutput _s1 = outputs.Float("s1", "Support 1.", OutputUnit.Price);
    private readonly FloatOutput _s2 = outputs.Float("s2", "Support 2.", OutputUnit.Price);
    private readonly FloatOutput _s3 = outputs.Float("s3", "Support 3 (null for demark).", OutputUnit.Price);
    private readonly FloatOutput _s4 = outputs.Float("s4", "Support 4 (camarilla only, else null).", OutputUnit.Price);
    private readonly FloatOutput _r1 = outputs.Float("r1", "Resistance 1.", OutputUnit.Price);
    private readonly FloatOutput _r2 = outputs.Float("r2", "Resistance 2.", OutputUnit.Price);
    private readonly FloatOutput _r3 = outputs.Float("r3", "Resistance 3 (null for demark).", OutputUnit.Price);
    private readonly FloatOutput _r4 = outputs.Float("r4", "Resistance 4 (camarilla only, else null).", OutputUnit.Price);

    /// <summary>The batch's nine columns, looked up once per Compute.</summary>
    public Columns Open(in KernelOutputs batch) =>
        new(batch[_pp], batch[_s1], batch[_s2], batch[_s3], batch[_s4], batch[_r1], batch[_r2], batch[_r3], batch[_r4]);

    /// <summary>A batch's level columns.</summary>
    public readonly ref struct Columns(Span<double> pp, Span<double> s1, Span<double> s2, Span<double> s3, Span<double> s4,
        Span<double> r1, Span<double> r2, Span<double> r3, Span<double> r4)
    {
        private readonly Span<double> _pp = pp, _s1 = s1, _s2 = s2, _s3 = s3, _s4 = s4, _r1 = r1, _r2 = r2, _r3 = r3, _r4 = r4;

        /// <summary>Row i gets the levels in PivotLevels' order (pp, s1..s4, r1..r4).</summary>
        public void Write(int i, ReadOnlySpan<double> levels)
        {
            _pp[i] = levels[0];
            _s1[i] = levels[1];
            _s2[i] = levels[2];
            _s3[i] = levels[3];
            _s4[i] = levels[4];
            _r1[i] = levels[5];
            _r2[i] = levels[6];
            _r3[i] = levels[7];
            _r4[i] = levels[8];
        }

        /// <summary>Row i is null in every level column.</summary>
        public void WriteNull(int i) => _pp[i] = _s1[i] = _s2[i] = _s3[i] = _s4[i] = _r1[i] = _r2[i] = _r3[i] = _r4[i] = double.NaN;
    }
}
