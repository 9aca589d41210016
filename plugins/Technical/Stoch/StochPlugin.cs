using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Stoch;

/// <summary>Stochastic Oscillator (slow: %K smoothed by an SMA).</summary>
public sealed class StochPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("oscillator", "%K: SMA(smoothing_period) of the raw stochastic, 0..100."),
        OutputColumn.Float("signal", "%D: SMA(signal_period) of %K."),
        OutputColumn.Float("percent_j", "%J = k_factor*%K - d_factor*%D."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.stoch",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Stochastic Oscillator. Raw %K = 100*(C-LL)/(HH-LL) over the last `period` bars (current included); " +
                      "it is 0 when HH = LL, exactly 100 when C >= HH and 0 when C <= LL. %K (oscillator) is the SMA of raw %K " +
                      "over smoothing_period bars (no smoothing when 1), %D (signal) the SMA of %K over signal_period bars, " +
                      "%J = k_factor*%K - d_factor*%D.",
        Parameters =
        [
            ParameterSpec.Integer("period", 14, 1, TechnicalPack.MaxPeriod, "Lookback for the highest high and lowest low, in bars."),
            ParameterSpec.Integer("signal_period", 3, 1, TechnicalPack.MaxPeriod, "SMA length of %D, in bars."),
            ParameterSpec.Integer("smoothing_period", 3, 1, TechnicalPack.MaxPeriod, "SMA length applied to raw %K, in bars (1 = fast stochastic)."),
            ParameterSpec.Number("k_factor", 3, 0, 100, "Weight of %K in %J."),
            ParameterSpec.Number("d_factor", 2, 0, 100, "Weight of %D in %J."),
        ],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "period + smoothing_period + signal_period - 3 bars (at least smoothing_period / signal_period)",
    };

    public int WarmupBars(ParameterValues parameters)
    {
        var period = parameters.GetInt32("period");
        var smooth = parameters.GetInt32("smoothing_period");
        var signal = parameters.GetInt32("signal_period");
        var k = smooth <= 1 ? period - 1 : Math.Max(period + smooth - 2, smooth);
        return signal <= 1 ? k : Math.Max(k + signal - 1, signal);
    }

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new StochKernel(new StochasticOscillator(p.GetInt32("period"), p.GetInt32("smoothing_period"), p.GetInt32("signal_period")),
            p.GetDouble("k_factor"), p.GetDouble("d_factor"));
    }

    private sealed class StochKernel(StochasticOscillator stochastic, double kFactor, double dFactor) : BarKernel(Outputs)
    {
        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var (k, d, j) = (outputs[0], outputs[1], outputs[2]);
            stochastic.AddRange(bars.High, bars.Low, bars.Close, k, d);
            for (var i = 0; i < bars.Length; i++)
            {
                j[i] = kFactor * k[i] - dFactor * d[i];
            }
        }
    }
}
