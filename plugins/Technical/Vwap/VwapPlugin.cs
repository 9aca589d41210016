using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Vwap;

/// <summary>The parameters of <see cref="VwapPlugin"/>: none.</summary>
public sealed class VwapParameters;

/// <summary>Volume Weighted Average Price, cumulative from the first bar.</summary>
public sealed class VwapPlugin() : FeaturePlugin<VwapParameters>(TechnicalPack.Describe("technical.vwap", Outputs, ["high", "low", "close", "volume"],
    warmup: "none (cumulative from the first bar)",
    description: "Volume Weighted Average Price: cum(V*(H+L+C)/3)/cum(V), accumulated from the first bar the kernel " +
                 "sees (no session reset). Null while the cumulative volume is 0. Because it is cumulative, the value " +
                 "depends on where the series starts."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Vwap = Outputs.Float("vwap", "Cumulative sum(volume*typical price)/sum(volume) since the first bar; null while the volume sum is 0.", OutputUnit.Price);

    protected override int WarmupBars(VwapParameters p) => 0;

    protected override IFeatureKernel CreateKernel(VwapParameters p, KernelContext context) => new VwapKernel();

    private sealed class VwapKernel() : FeatureKernel(Outputs)
    {
        private double _volume;
        private double _weighted;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var vwap = outputs[Vwap];
            for (var i = 0; i < bars.Length; i++)
            {
                var v = bars.Volume[i];
                _volume += v;
                _weighted += v * (bars.High[i] + bars.Low[i] + bars.Close[i]) / 3;
                vwap[i] = _volume != 0 ? _weighted / _volume : double.NaN;
            }
        }
    }
}
