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
            // Spans and the previous close in locals: a store through a span may alias any memory, so fields and
            // the spans' own fields would otherwise be reloaded after every write.
            var tr = outputs[Tr];
            ReadOnlySpan<double> high = bars.High, low = bars.Low, close = bars.Close;
            var previousClose = _previousClose;
            for (var i = 0; i < tr.Length; i++)
            {
                tr[i] = double.IsNaN(previousClose) ? double.NaN : TrueRange.Of(high[i], low[i], previousClose);
                previousClose = close[i];
            }
            _previousClose = previousClose;
        }
    }
}
