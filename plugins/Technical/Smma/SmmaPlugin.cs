using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Smma;

/// <summary>Smoothed moving average (Wilder's RMA) of the close.</summary>
public sealed class SmmaPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("smma", "Smoothed moving average of the close: (prev*(period-1) + close)/period.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.smma",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Smoothed Moving Average (Wilder's RMA) of the close. The first value (bar period-1) is the simple mean " +
                      "of the first `period` closes; after that smma = (prev*(period-1) + close)/period.",
        Parameters = [ParameterSpec.Integer("period", 20, 1, TechnicalPack.MaxPeriod, "Lookback, in bars.")],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period - 1 bars (the seed is the SMA of the first `period` closes)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new SmmaKernel(context.Parameters.GetInt32("period"));

    private sealed class SmmaKernel(int period) : BarKernel(Outputs)
    {
        private WilderAverage _smma = new(period);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var smma = outputs[0];
            for (var i = 0; i < close.Length; i++)
            {
                smma[i] = _smma.Add(close[i]);
            }
        }
    }
}
