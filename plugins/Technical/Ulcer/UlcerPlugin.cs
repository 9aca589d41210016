using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Ulcer;

/// <summary>The parameters of <see cref="UlcerPlugin"/>.</summary>
public sealed class UlcerParameters
{
    [Parameter("Lookback window, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Ulcer Index.</summary>
public sealed class UlcerPlugin() : FeaturePlugin<UlcerParameters>(TechnicalPack.Describe("technical.ulcer", Outputs, ["close"],
    warmup: "period - 1 bars",
    description: "Ulcer Index: for each of the last `period` closes, the % drawdown 100*(C - M)/M where M is the highest close " +
                 "from the window's first bar up to that close (floored at 0); UI = sqrt(mean of squared drawdowns) over the " +
                 "`period` closes. Null when a running maximum is 0."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput UlcerIndex = Outputs.Float("ulcer_index", "Root mean square of the percentage drawdowns within the window.");

    protected override int WarmupBars(UlcerParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(UlcerParameters p, KernelContext context) => new UlcerKernel(p.Period);

    private sealed class UlcerKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly double[] _ring = new double[period];
        private long _count;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var ui = outputs[UlcerIndex];
            for (var i = 0; i < bars.Length; i++)
            {
                _ring[_count % period] = bars.Close[i];
                _count++;
                ui[i] = _count >= period ? Index() : double.NaN;
            }
        }

        // The running maximum restarts with every window, so this is O(period) per bar by definition.
        private double Index()
        {
            var start = _count - period;
            double max = 0, sumSquared = 0;
            for (var p = 0; p < period; p++)
            {
                var c = _ring[(start + p) % period];
                if (c > max) max = c;
                if (max == 0) return double.NaN;
                var drawdown = 100 * ((c - max) / max);
                sumSquared += drawdown * drawdown;
            }
            return Math.Sqrt(sumSquared / period);
        }
    }
}
