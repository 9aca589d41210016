using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Hma;

/// <summary>Hull moving average of the close.</summary>
public sealed class HmaPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("hma", "Hull MA: WMA(floor(sqrt(period))) of 2*WMA(period/2) - WMA(period).")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.hma",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Hull Moving Average of the close: the series 2*WMA(floor(period/2)) - WMA(period), from bar period-1 " +
                      "on, smoothed by a WMA of floor(sqrt(period)) bars. WMAs weight 1 (oldest) .. n (newest). The first " +
                      "value is at bar period-1 + floor(sqrt(period))-1.",
        Parameters = [ParameterSpec.Integer("period", 14, 2, TechnicalPack.MaxPeriod, "Lookback of the long WMA, in bars.")],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period - 1 + floor(sqrt(period)) - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters)
    {
        var period = parameters.GetInt32("period");
        return period - 1 + (int)Math.Sqrt(period) - 1;
    }

    public IFeatureKernel CreateKernel(KernelContext context) => new HmaKernel(context.Parameters.GetInt32("period"));

    private sealed class HmaKernel(int period) : BarKernel(Outputs)
    {
        private readonly WeightedWindow _full = new(period);
        private readonly WeightedWindow _half = new(period / 2);
        private readonly WeightedWindow _hull = new((int)Math.Sqrt(period));

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var hma = outputs[0];
            for (var i = 0; i < close.Length; i++)
            {
                _full.Add(close[i]);
                _half.Add(close[i]);
                if (!_full.IsFull)
                {
                    hma[i] = double.NaN;
                    continue;
                }
                _hull.Add(2 * Wma(_half) - Wma(_full));
                hma[i] = _hull.IsFull ? Wma(_hull) : double.NaN;
            }
        }

        private static double Wma(WeightedWindow w) => w.Weighted / ((double)w.Period * (w.Period + 1) / 2);
    }
}
