using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Tr;

/// <summary>The parameters of <see cref="TrPlugin"/>: none.</summary>
public sealed class TrParameters;

/// <summary>True Range.</summary>
public sealed class TrPlugin() : FeaturePlugin<TrParameters>(TechnicalPack.Describe("technical.tr", Outputs, ["high", "low", "close"],
    warmup: "1 bar (the previous close)",
    description: "True Range: the largest of high-low, |high - previous close| and |low - previous close|. " +
                 "Null on the first bar, which has no previous close."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Tr = Outputs.Float("tr", "True range: max(H-L, |H-Cprev|, |L-Cprev|); null on the first bar.");

    protected override int WarmupBars(TrParameters p) => 1;

    protected override IFeatureKernel CreateKernel(TrParameters p, KernelContext context) => new TrKernel();

    private sealed class TrKernel() : FeatureKernel(Outputs)
    {
        private double _previousClose = double.NaN;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var tr = outputs[Tr];
            for (var i = 0; i < bars.Length; i++)
            {
                tr[i] = double.IsNaN(_previousClose) ? double.NaN : TrueRange.Of(bars.High[i], bars.Low[i], _previousClose);
                _previousClose = bars.Close[i];
            }
        }
    }
}
