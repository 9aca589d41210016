using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Gator;

/// <summary>Gator Oscillator: the spreads between the Alligator's lines.</summary>
public sealed class GatorPlugin() : FeaturePlugin<AlligatorLineParameters>(TechnicalPack.Describe("technical.gator", Outputs, ["high", "low"],
    warmup: "max over the lines of period - 1 + offset, plus 1 bar for the expansion flags",
    description: "Gator Oscillator from the Williams Alligator on (high+low)/2 (see technical.alligator for the lines): " +
                 "upper = |jaw - teeth|, lower = -|teeth - lips|. upper_is_expanding is upper > previous upper and " +
                 "lower_is_expanding is lower < previous lower; both are null on a bar whose previous value is null."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Upper = Outputs.Float("upper", "|jaw - teeth|.");
    private static readonly FloatOutput Lower = Outputs.Float("lower", "-|teeth - lips|.");
    private static readonly BoolOutput UpperIsExpanding = Outputs.Bool("upper_is_expanding", "True when upper is greater than on the previous bar.");
    private static readonly BoolOutput LowerIsExpanding = Outputs.Bool("lower_is_expanding", "True when lower is below (more negative than) on the previous bar.");

    protected override int WarmupBars(AlligatorLineParameters p)
    {
        var (jaw, teeth, lips) = AlligatorParameters.FirstValues(p);
        return Math.Max(jaw, Math.Max(teeth, lips)) + 1;
    }

    protected override IFeatureKernel CreateKernel(AlligatorLineParameters p, KernelContext context) => new GatorKernel(AlligatorParameters.CreateLines(p));

    private sealed class GatorKernel(AlligatorLines lines) : FeatureKernel(Outputs)
    {
        private double _previousUpper = double.NaN;
        private double _previousLower = double.NaN;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            Span<double> upper = outputs[Upper], lower = outputs[Lower];
            BoolColumn upperExpanding = outputs[UpperIsExpanding], lowerExpanding = outputs[LowerIsExpanding];
            for (var i = 0; i < high.Length; i++)
            {
                lines.Add((high[i] + low[i]) / 2);
                var u = Math.Abs(lines.Jaw - lines.Teeth);
                var l = -Math.Abs(lines.Teeth - lines.Lips);
                upper[i] = u;
                lower[i] = l;
                upperExpanding.Set(i, double.IsNaN(_previousUpper) || double.IsNaN(u) ? null : u > _previousUpper);
                lowerExpanding.Set(i, double.IsNaN(_previousLower) || double.IsNaN(l) ? null : l < _previousLower);
                _previousUpper = u;
                _previousLower = l;
            }
        }
    }
}
