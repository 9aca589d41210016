using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Alligator;

/// <summary>Williams Alligator: three shifted smoothed moving averages of the median price.</summary>
public sealed class AlligatorPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("jaw", "SMMA(jaw_period) of (high+low)/2 as of jaw_offset bars ago."),
        OutputColumn.Float("teeth", "SMMA(teeth_period) of (high+low)/2 as of teeth_offset bars ago."),
        OutputColumn.Float("lips", "SMMA(lips_period) of (high+low)/2 as of lips_offset bars ago."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.alligator",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Williams Alligator on the median price (high+low)/2: jaw, teeth and lips are smoothed moving averages " +
                      "(Wilder/SMMA, seeded with the SMA of their first `period` prices) shifted forward by their offsets, so " +
                      "the value at bar t is the SMMA as of bar t - offset. Causal: the shift only delays. Each line starts at " +
                      "bar period - 1 + offset.",
        Parameters = AlligatorParameters.Specs,
        Outputs = Outputs,
        InputColumns = ["high", "low"],
        WarmupRule = "max over the lines of period - 1 + offset bars",
    };

    public int WarmupBars(ParameterValues parameters)
    {
        var (jaw, teeth, lips) = AlligatorParameters.FirstValues(parameters);
        return Math.Max(jaw, Math.Max(teeth, lips));
    }

    public IFeatureKernel CreateKernel(KernelContext context) => new AlligatorKernel(AlligatorParameters.CreateLines(context.Parameters));

    private sealed class AlligatorKernel(AlligatorLines lines) : BarKernel(Outputs)
    {
        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var (jaw, teeth, lips) = (outputs[0], outputs[1], outputs[2]);
            for (var i = 0; i < high.Length; i++)
            {
                lines.Add((high[i] + low[i]) / 2);
                jaw[i] = lines.Jaw;
                teeth[i] = lines.Teeth;
                lips[i] = lines.Lips;
            }
        }
    }
}
