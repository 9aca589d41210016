using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.ElderRay;

/// <summary>Elder-Ray bull and bear power.</summary>
public sealed class ElderRayPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("ema", "EMA(period) of the close, seeded with the SMA of the first `period` closes."),
        OutputColumn.Float("bull_power", "high - ema."),
        OutputColumn.Float("bear_power", "low - ema."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.elder_ray",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Elder-Ray Index. EMA of the close with k = 2/(N+1), seeded with the SMA of the first N closes; " +
                      "bull power = high - EMA, bear power = low - EMA.",
        Parameters = [ParameterSpec.Integer("period", 13, 1, TechnicalPack.MaxPeriod, "EMA lookback, in bars.")],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "period - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new ElderRayKernel(context.Parameters.GetInt32("period"));

    private sealed class ElderRayKernel(int period) : BarKernel(Outputs)
    {
        private SeededEma _ema = new(period);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            for (var i = 0; i < close.Length; i++)
            {
                var ema = _ema.Add(close[i]);
                outputs[0][i] = ema;
                outputs[1][i] = high[i] - ema;
                outputs[2][i] = low[i] - ema;
            }
        }
    }
}
