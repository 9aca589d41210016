using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Willr;

/// <summary>Williams %R.</summary>
public sealed class WillrPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("williams_r", "Williams %R, -100..0.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.willr",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Williams %R: raw stochastic %K minus 100, where %K = 100*(C-LL)/(HH-LL) over the last `period` " +
                      "highs and lows (current bar included). %K is 0 when HH = LL (so %R = -100 on a flat window), " +
                      "exactly 100 when C >= HH and 0 when C <= LL.",
        Parameters = [ParameterSpec.Integer("period", 14, 1, TechnicalPack.MaxPeriod, "Lookback for the highest high and lowest low, in bars.")],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "period - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new WillrKernel(context.Parameters.GetInt32("period"));

    private sealed class WillrKernel(int period) : BarKernel(Outputs)
    {
        private readonly StochasticOscillator _stochastic = new(period, 1, 1);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var r = outputs[0];
            for (var i = 0; i < bars.Length; i++)
            {
                _stochastic.Add(bars.High[i], bars.Low[i], bars.Close[i]);
                r[i] = _stochastic.K - 100;
            }
        }
    }
}
