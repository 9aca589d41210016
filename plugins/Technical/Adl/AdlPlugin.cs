using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Adl;

/// <summary>The parameters of <see cref="AdlPlugin"/>: none.</summary>
public sealed class AdlParameters;

/// <summary>Accumulation/Distribution Line.</summary>
public sealed class AdlPlugin() : FeaturePlugin<AdlParameters>(TechnicalPack.Describe("technical.adl", Outputs, ["high", "low", "close", "volume"],
    warmup: "none (adl is cumulative from the first bar)",
    description: "Accumulation/Distribution Line (Chaikin): multiplier = ((C-L) - (H-C))/(H-L), 0 when H = L; money " +
                 "flow volume = multiplier * volume; adl = cumulative sum of money flow volume starting at the first bar " +
                 "fed, so its level depends on where the series starts (its changes do not)."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Adl = Outputs.Float("adl", "Running sum of money flow volume since the first bar of the series.");
    private static readonly FloatOutput MoneyFlowMultiplier = Outputs.Float("money_flow_multiplier", "((close-low) - (high-close)) / (high-low), -1..1; 0 when high = low.");
    private static readonly FloatOutput MoneyFlowVolume = Outputs.Float("money_flow_volume", "money_flow_multiplier * volume.");

    protected override int WarmupBars(AdlParameters p) => 0;

    protected override IFeatureKernel CreateKernel(AdlParameters p, KernelContext context) => new AdlKernel();

    private sealed class AdlKernel() : FeatureKernel(Outputs)
    {
        private double _adl;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var volume = bars.Volume;
            Span<double> adl = outputs[Adl], mfm = outputs[MoneyFlowMultiplier], mfv = outputs[MoneyFlowVolume];
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
