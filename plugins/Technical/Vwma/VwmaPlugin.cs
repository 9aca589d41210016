using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Vwma;

/// <summary>Volume-weighted moving average of the close.</summary>
public sealed class VwmaPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("vwma", "sum(close*volume)/sum(volume) over the last `period` bars; null when that volume is 0.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.vwma",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Volume Weighted Moving Average: sum(close*volume)/sum(volume) over the last `period` bars. Null for the " +
                      "first period-1 bars, and null when every volume in the window is 0.",
        Parameters = [ParameterSpec.Integer("period", 14, 1, TechnicalPack.MaxPeriod, "Lookback, in bars.")],
        Outputs = Outputs,
        InputColumns = ["close", "volume"],
        WarmupRule = "period - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new VwmaKernel(context.Parameters.GetInt32("period"));

    private sealed class VwmaKernel(int period) : BarKernel(Outputs)
    {
        private readonly RollingSum _priceVolume = new(period);
        private readonly RollingSum _volume = new(period);
        // Counted exactly, so an all-zero-volume window is null even if the float sum keeps a rounding residue.
        private int _nonZeroVolumes;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var volume = bars.Volume;
            var vwma = outputs[0];
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
