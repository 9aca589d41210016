using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Bop;

/// <summary>The parameters of <see cref="BopPlugin"/>.</summary>
public sealed class BopParameters
{
    [Parameter("SMA length applied to the raw balance of power, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SmoothingPeriod { get; init; } = 14;
}

/// <summary>Balance of Power, smoothed.</summary>
public sealed class BopPlugin() : FeaturePlugin<BopParameters>(TechnicalPack.Describe("technical.bop", Outputs, ["open", "high", "low", "close"],
    warmup: "smoothing_period - 1 bars",
    description: "Balance of Power: the raw value (close - open)/(high - low) per bar, averaged with a simple moving " +
                 "average of `smoothing_period` bars. A bar with high = low has no raw value, so every window " +
                 "containing it is null."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Bop = Outputs.Float("bop", "Mean over `smoothing_period` bars of (close - open)/(high - low), -1..1.");

    protected override int WarmupBars(BopParameters p) => p.SmoothingPeriod - 1;

    protected override IFeatureKernel CreateKernel(BopParameters p, KernelContext context) => new BopKernel(p.SmoothingPeriod);

    private sealed class BopKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly RollingSum _sum = new(period);
        // Bars of the window without a raw value (high = low).
        private readonly RollingCount _missing = new(period);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var open = bars.Open;
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var bop = outputs[Bop];
            for (var i = 0; i < close.Length; i++)
            {
                var range = high[i] - low[i];
                var missing = range == 0;
                _missing.Add(missing);
                _sum.Add(missing ? 0 : (close[i] - open[i]) / range);
                bop[i] = _sum.IsFull && _missing.Count == 0 ? _sum.Mean : double.NaN;
            }
        }
    }
}
