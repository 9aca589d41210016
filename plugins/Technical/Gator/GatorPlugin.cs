using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Gator;

/// <summary>Gator Oscillator: the spreads between the Alligator's lines.</summary>
public sealed class GatorPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("upper", "|jaw - teeth|."),
        OutputColumn.Float("lower", "-|teeth - lips|."),
        OutputColumn.Bool("upper_is_expanding", "True when upper is greater than on the previous bar."),
        OutputColumn.Bool("lower_is_expanding", "True when lower is below (more negative than) on the previous bar."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.gator",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Gator Oscillator from the Williams Alligator on (high+low)/2 (see technical.alligator for the lines): " +
                      "upper = |jaw - teeth|, lower = -|teeth - lips|. upper_is_expanding is upper > previous upper and " +
                      "lower_is_expanding is lower < previous lower; both are null on a bar whose previous value is null.",
        Parameters = AlligatorParameters.Specs,
        Outputs = Outputs,
        InputColumns = ["high", "low"],
        WarmupRule = "max over the lines of period - 1 + offset, plus 1 bar for the expansion flags",
    };

    public int WarmupBars(ParameterValues parameters)
    {
        var (jaw, teeth, lips) = AlligatorParameters.FirstValues(parameters);
        return Math.Max(jaw, Math.Max(teeth, lips)) + 1;
    }

    public IFeatureKernel CreateKernel(KernelContext context) => new GatorKernel(AlligatorParameters.CreateLines(context.Parameters));

    private sealed class GatorKernel(AlligatorLines lines) : BarKernel(Outputs)
    {
        private double _previousUpper = double.NaN;
        private double _previousLower = double.NaN;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var (upper, lower, upperExpanding, lowerExpanding) = (outputs[0], outputs[1], outputs[2], outputs[3]);
            for (var i = 0; i < high.Length; i++)
            {
                lines.Add((high[i] + low[i]) / 2);
                var u = Math.Abs(lines.Jaw - lines.Teeth);
                var l = -Math.Abs(lines.Teeth - lines.Lips);
                upper[i] = u;
                lower[i] = l;
                upperExpanding[i] = double.IsNaN(_previousUpper) || double.IsNaN(u) ? double.NaN : u > _previousUpper ? 1 : 0;
                lowerExpanding[i] = double.IsNaN(_previousLower) || double.IsNaN(l) ? double.NaN : l < _previousLower ? 1 : 0;
                _previousUpper = u;
                _previousLower = l;
            }
        }
    }
}
