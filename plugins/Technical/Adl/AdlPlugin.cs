using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Adl;

/// <summary>Accumulation/Distribution Line.</summary>
public sealed class AdlPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("adl", "Running sum of money flow volume since the first bar of the series."),
        OutputColumn.Float("money_flow_multiplier", "((close-low) - (high-close)) / (high-low), -1..1; 0 when high = low."),
        OutputColumn.Float("money_flow_volume", "money_flow_multiplier * volume."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.adl",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Accumulation/Distribution Line (Chaikin): multiplier = ((C-L) - (H-C))/(H-L), 0 when H = L; money " +
                      "flow volume = multiplier * volume; adl = cumulative sum of money flow volume starting at the first bar " +
                      "fed, so its level depends on where the series starts (its changes do not).",
        Parameters = [],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close", "volume"],
        WarmupRule = "none (adl is cumulative from the first bar)",
    };

    public int WarmupBars(ParameterValues parameters) => 0;

    public IFeatureKernel CreateKernel(KernelContext context) => new AdlKernel();

    private sealed class AdlKernel() : BarKernel(Outputs)
    {
        private double _adl;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var volume = bars.Volume;
            var (adl, mfm, mfv) = (outputs[0], outputs[1], outputs[2]);
            for (var i = 0; i < high.Length; i++)
            {
                var range = high[i] - low[i];
                var multiplier = range == 0 ? 0 : (close[i] - low[i] - (high[i] - close[i])) / range;
                var flow = multiplier * volume[i];
                _adl = flow + _adl;
                adl[i] = _adl;
                mfm[i] = multiplier;
                mfv[i] = flow;
            }
        }
    }
}
