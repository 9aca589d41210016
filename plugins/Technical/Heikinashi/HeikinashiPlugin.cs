using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Heikinashi;

/// <summary>The parameters of <see cref="HeikinashiPlugin"/>: none.</summary>
public sealed class HeikinashiParameters;

/// <summary>Heikin-Ashi candles.</summary>
public sealed class HeikinashiPlugin() : FeaturePlugin<HeikinashiParameters>(TechnicalPack.Describe("technical.heikinashi", Outputs, ["open", "high", "low", "close", "volume"],
    warmup: "none (values from the first bar; the open converges within a few bars)",
    description: "Heikin-Ashi candles: close = (O+H+L+C)/4; open = (previous HA open + previous HA close)/2, seeded on the " +
                 "first bar with (O+C)/2; high = max(H, open, close); low = min(L, open, close); volume passed through. " +
                 "The open is recursive, so it depends (decaying by half each bar) on where the series starts."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Open = Outputs.Float("open", "HA open: mean of the previous HA open and HA close; (O+C)/2 on the first bar.", OutputUnit.Price);
    private static readonly FloatOutput High = Outputs.Float("high", "HA high: max(H, HA open, HA close).", OutputUnit.Price);
    private static readonly FloatOutput Low = Outputs.Float("low", "HA low: min(L, HA open, HA close).", OutputUnit.Price);
    private static readonly FloatOutput Close = Outputs.Float("close", "HA close: (O+H+L+C)/4.", OutputUnit.Price);
    private static readonly FloatOutput Volume = Outputs.Float("volume", "The bar's volume, unchanged.");

    protected override int WarmupBars(HeikinashiParameters p) => 0;

    protected override IFeatureKernel CreateKernel(HeikinashiParameters p, KernelContext context) => new HeikinashiKernel();

    private sealed class HeikinashiKernel() : FeatureKernel(Outputs)
    {
        private double _previousOpen = double.NaN;
        private double _previousClose = double.NaN;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            Span<double> openOut = outputs[Open], highOut = outputs[High], lowOut = outputs[Low], closeOut = outputs[Close], volumeOut = outputs[Volume];
            for (var i = 0; i < bars.Length; i++)
            {
                double o = bars.Open[i], h = bars.High[i], l = bars.Low[i], c = bars.Close[i];
                var haClose = (o + h + l + c) / 4;
                var haOpen = double.IsNaN(_previousOpen) ? (o + c) / 2 : (_previousOpen + _previousClose) / 2;
                openOut[i] = haOpen;
                highOut[i] = Math.Max(h, Math.Max(haOpen, haClose));
                lowOut[i] = Math.Min(l, Math.Min(haOpen, haClose));
                closeOut[i] = haClose;
                volumeOut[i] = bars.Volume[i];
                _previousOpen = haOpen;
                _previousClose = haClose;
            }
        }
    }
}
