using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Alligator;

/// <summary>Williams Alligator: three shifted smoothed moving averages of the median price.</summary>
public sealed class AlligatorPlugin() : FeaturePlugin<AlligatorLineParameters>(TechnicalPack.Describe("technical.alligator", Outputs, ["high", "low"],
    warmup: "max over the lines of period - 1 + offset bars",
    description: "Williams Alligator on the median price (high+low)/2: jaw, teeth and lips are smoothed moving averages " +
                 "(Wilder/SMMA, seeded with the SMA of their first `period` prices) shifted forward by their offsets, so " +
                 "the value at bar t is the SMMA as of bar t - offset. Causal: the shift only delays. Each line starts at " +
                 "bar period - 1 + offset."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Jaw = Outputs.Float("jaw", "SMMA(jaw_period) of (high+low)/2 as of jaw_offset bars ago.", OutputUnit.Price);
    private static readonly FloatOutput Teeth = Outputs.Float("teeth", "SMMA(teeth_period) of (high+low)/2 as of teeth_offset bars ago.", OutputUnit.Price);
    private static readonly FloatOutput Lips = Outputs.Float("lips", "SMMA(lips_period) of (high+low)/2 as of lips_offset bars ago.", OutputUnit.Price);

    protected override int WarmupBars(AlligatorLineParameters p)
    {
        var (jaw, teeth, lips) = AlligatorParameters.FirstValues(p);
        return Math.Max(jaw, Math.Max(teeth, lips));
    }

    protected override IFeatureKernel CreateKernel(AlligatorLineParameters p, KernelContext context) => new AlligatorKernel(AlligatorParameters.CreateLines(p));

    private sealed class AlligatorKernel(AlligatorLines lines) : FeatureKernel(Outputs)
    {
        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            Span<double> jaw = outputs[Jaw], teeth = outputs[Teeth], lips = outputs[Lips];
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
