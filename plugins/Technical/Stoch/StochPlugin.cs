using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Stoch;

/// <summary>The parameters of <see cref="StochPlugin"/>.</summary>
public sealed class StochParameters
{
    [Parameter("Lookback for the highest high and lowest low, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;

    [Parameter("SMA length of %D, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SignalPeriod { get; init; } = 3;

    [Parameter("SMA length applied to raw %K, in bars (1 = fast stochastic).", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SmoothingPeriod { get; init; } = 3;

    [Parameter("Weight of %K in %J.", Minimum = 0, Maximum = 100)]
    public double KFactor { get; init; } = 3;

    [Parameter("Weight of %D in %J.", Minimum = 0, Maximum = 100)]
    public double DFactor { get; init; } = 2;
}

/// <summary>Stochastic Oscillator (slow: %K smoothed by an SMA).</summary>
public sealed class StochPlugin() : FeaturePlugin<StochParameters>(TechnicalPack.Describe("technical.stoch", Outputs, ["high", "low", "close"],
    warmup: "period + smoothing_period + signal_period - 3 bars (at least smoothing_period / signal_period)",
    description: "Stochastic Oscillator. Raw %K = 100*(C-LL)/(HH-LL) over the last `period` bars (current included); " +
                 "it is 0 when HH = LL, exactly 100 when C >= HH and 0 when C <= LL. %K (oscillator) is the SMA of raw %K " +
                 "over smoothing_period bars (no smoothing when 1), %D (signal) the SMA of %K over signal_period bars, " +
                 "%J = k_factor*%K - d_factor*%D."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Oscillator = Outputs.Float("oscillator", "%K: SMA(smoothing_period) of the raw stochastic, 0..100.");
    private static readonly FloatOutput Signal = Outputs.Float("signal", "%D: SMA(signal_period) of %K.");
    private static readonly FloatOutput PercentJ = Outputs.Float("percent_j", "%J = k_factor*%K - d_factor*%D.");

    protected override int WarmupBars(StochParameters p)
    {
        var period = p.Period;
        var smooth = p.SmoothingPeriod;
        var signal = p.SignalPeriod;
        var k = smooth <= 1 ? period - 1 : Math.Max(period + smooth - 2, smooth);
        return signal <= 1 ? k : Math.Max(k + signal - 1, signal);
    }

    protected override IFeatureKernel CreateKernel(StochParameters p, KernelContext context) =>
        new StochKernel(new StochasticOscillator(p.Period, p.SmoothingPeriod, p.SignalPeriod),
            p.KFactor, p.DFactor);

    private sealed class StochKernel(StochasticOscillator stochastic, double kFactor, double dFactor) : FeatureKernel(Outputs)
    {
        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            Span<double> k = outputs[Oscillator], d = outputs[Signal], j = outputs[PercentJ];
            stochastic.AddRange(bars.High, bars.Low, bars.Close, k, d);
            for (var i = 0; i < bars.Length; i++)
            {
                j[i] = kFactor * k[i] - dFactor * d[i];
            }
        }
    }
}
