using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Bop;

/// <summary>Balance of Power, smoothed.</summary>
public sealed class BopPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("bop", "Mean over `smoothing_period` bars of (close - open)/(high - low), -1..1.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.bop",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Balance of Power: the raw value (close - open)/(high - low) per bar, averaged with a simple moving " +
                      "average of `smoothing_period` bars. A bar with high = low has no raw value, so every window " +
                      "containing it is null.",
        Parameters = [ParameterSpec.Integer("smoothing_period", 14, 1, TechnicalPack.MaxPeriod, "SMA length applied to the raw balance of power, in bars.")],
        Outputs = Outputs,
        InputColumns = ["open", "high", "low", "close"],
        WarmupRule = "smoothing_period - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("smoothing_period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new BopKernel(context.Parameters.GetInt32("smoothing_period"));

    private sealed class BopKernel(int period) : BarKernel(Outputs)
    {
        private readonly RollingSum _sum = new(period);
        // Bars of the window without a raw value (high = low).
        private readonly RollingCount _missing = new(period);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var open = bars.Open;
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var bop = outputs[0];
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
