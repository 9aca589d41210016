using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Ema;

/// <summary>Exponential moving average of the close, SMA-seeded.</summary>
public sealed class EmaPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("ema", "Exponential moving average of the close, k = 2/(period+1).")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.ema",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Exponential Moving Average of the close with k = 2/(period+1). The first value (bar period-1) is the " +
                      "simple mean of the first `period` closes; after that ema = prev + k*(close - prev).",
        Parameters = [ParameterSpec.Integer("period", 20, 1, TechnicalPack.MaxPeriod, "Lookback, in bars; sets k = 2/(period+1).")],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period - 1 bars (the seed is the SMA of the first `period` closes)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new EmaKernel(context.Parameters.GetInt32("period"));

    private sealed class EmaKernel(int period) : BarKernel(Outputs)
    {
        private SeededEma _ema = new(period);

        protected override void Compute(in BarSpans bars, double[][] outputs) => _ema.AddRange(bars.Close, outputs[0]);
    }
}
