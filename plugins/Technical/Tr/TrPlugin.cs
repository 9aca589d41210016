using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Tr;

/// <summary>True Range.</summary>
public sealed class TrPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("tr", "True range: max(H-L, |H-Cprev|, |L-Cprev|); null on the first bar.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.tr",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "True Range: the largest of high-low, |high - previous close| and |low - previous close|. " +
                      "Null on the first bar, which has no previous close.",
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "1 bar (the previous close)",
    };

    public int WarmupBars(ParameterValues parameters) => 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new TrKernel();

    private sealed class TrKernel() : BarKernel(Outputs)
    {
        private double _previousClose = double.NaN;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var tr = outputs[0];
            for (var i = 0; i < bars.Length; i++)
            {
                tr[i] = double.IsNaN(_previousClose) ? double.NaN : TrueRange.Of(bars.High[i], bars.Low[i], _previousClose);
                _previousClose = bars.Close[i];
            }
        }
    }
}
