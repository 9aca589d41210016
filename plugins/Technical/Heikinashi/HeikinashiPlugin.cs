using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Heikinashi;

/// <summary>Heikin-Ashi candles.</summary>
public sealed class HeikinashiPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("open", "HA open: mean of the previous HA open and HA close; (O+C)/2 on the first bar."),
        OutputColumn.Float("high", "HA high: max(H, HA open, HA close)."),
        OutputColumn.Float("low", "HA low: min(L, HA open, HA close)."),
        OutputColumn.Float("close", "HA close: (O+H+L+C)/4."),
        OutputColumn.Float("volume", "The bar's volume, unchanged."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.heikinashi",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Heikin-Ashi candles: close = (O+H+L+C)/4; open = (previous HA open + previous HA close)/2, seeded on the " +
                      "first bar with (O+C)/2; high = max(H, open, close); low = min(L, open, close); volume passed through. " +
                      "The open is recursive, so it depends (decaying by half each bar) on where the series starts.",
        Outputs = Outputs,
        InputColumns = ["open", "high", "low", "close", "volume"],
        WarmupRule = "none (values from the first bar; the open converges within a few bars)",
    };

    public int WarmupBars(ParameterValues parameters) => 0;

    public IFeatureKernel CreateKernel(KernelContext context) => new HeikinashiKernel();

    private sealed class HeikinashiKernel() : BarKernel(Outputs)
    {
        private double _previousOpen = double.NaN;
        private double _previousClose = double.NaN;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                double o = bars.Open[i], h = bars.High[i], l = bars.Low[i], c = bars.Close[i];
                var haClose = (o + h + l + c) / 4;
                var haOpen = double.IsNaN(_previousOpen) ? (o + c) / 2 : (_previousOpen + _previousClose) / 2;
                outputs[0][i] = haOpen;
                outputs[1][i] = Math.Max(h, Math.Max(haOpen, haClose));
                outputs[2][i] = Math.Min(l, Math.Min(haOpen, haClose));
                outputs[3][i] = haClose;
                outputs[4][i] = bars.Volume[i];
                _previousOpen = haOpen;
                _previousClose = haClose;
            }
        }
    }
}
