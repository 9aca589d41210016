using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Vwma;

/// <summary>The parameters of <see cref="VwmaPlugin"/>.</summary>
public sealed class VwmaParameters
{
    [Parameter("Lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Volume-weighted moving average of the close.</summary>
public sealed class VwmaPlugin() : FeaturePlugin<VwmaParameters>(TechnicalPack.Describe("technical.vwma", Outputs, ["close", "volume"],
    warmup: "period - 1 bars",
    description: "Volume Weighted Moving Average: sum(close*volume)/sum(volume) over the last `period` bars. Null for the " +
                 "first period-1 bars, and null when every volume in the window is 0."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Vwma = Outputs.Float("vwma", "sum(close*volume)/sum(volume) over the last `period` bars; null when that volume is 0.", OutputUnit.Price);

    protected override int WarmupBars(VwmaParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(VwmaParameters p, KernelContext context) => new VwmaKernel(p.Period);

    private sealed class VwmaKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly RollingSum _priceVolume = new(period);
        private readonly RollingSum _volume = new(period);
        // Counted exactly, so an all-zero-volume window is null even if the float sum keeps a rounding residue.
        private int _nonZeroVolumes;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            var volume = bars.Volume;
            var vwma = outputs[Vwma];
            for (var i = 0; i < close.Length; i++)
            {
                if (_volume.IsFull && _volume.Back(period - 1) != 0) _nonZeroVolumes--;
                if (volume[i] != 0) _nonZeroVolumes++;
                _priceVolume.Add(close[i] * volume[i]);
                _volume.Add(volume[i]);
                vwma[i] = _volume.IsFull && _nonZeroVolumes > 0 ? _priceVolume.Sum / _volume.Sum : double.NaN;
            }
        }
    }
}
