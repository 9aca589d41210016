using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.StochRsi;

/// <summary>The parameters of <see cref="StochRsiPlugin"/>.</summary>
public sealed class StochRsiParameters
{
    [Parameter("RSI lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int RsiPeriod { get; init; } = 14;

    [Parameter("Stochastic lookback over RSI values.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int StochPeriod { get; init; } = 14;

    [Parameter("SMA length of the signal line.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SignalPeriod { get; init; } = 3;

    [Parameter("SMA length applied to the raw stochastic (1 = none).", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SmoothingPeriod { get; init; } = 1;
}

/// <summary>Stochastic RSI.</summary>
public sealed class StochRsiPlugin() : FeaturePlugin<StochRsiParameters>(TechnicalPack.Describe("technical.stoch_rsi", Outputs, ["close"],
    warmup: "rsi_period + stoch_period - 1 bars, plus smoothing_period - 1 and signal_period - 1 when they smooth",
    description: "Stochastic RSI: the stochastic oscillator applied to Wilder's RSI(rsi_period) of the close (RSI seeded with the " +
                 "plain mean of the first rsi_period changes; null on the first value of a flat series). Raw = 100*(RSI-min)/(max-min) " +
                 "over stoch_period RSI values, 0 when max = min, 100 at the max and 0 at the min; null while the window holds a null RSI. " +
                 "stoch_rsi is the SMA(smoothing_period) of raw (raw itself when 1), signal the SMA(signal_period) of stoch_rsi."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput StochRsi = Outputs.Float("stoch_rsi", "Stochastic of the RSI, 0..100 (smoothed by smoothing_period).");
    private static readonly FloatOutput Signal = Outputs.Float("signal", "SMA(signal_period) of stoch_rsi.");

    protected override int WarmupBars(StochRsiParameters p)
    {
        var rsi = p.RsiPeriod;
        var stoch = p.StochPeriod;
        var smooth = p.SmoothingPeriod;
        var signal = p.SignalPeriod;
        // In RSI-index terms (the stochastic starts at the first RSI value, bar rsi_period).
        var k = smooth <= 1 ? stoch - 1 : Math.Max(stoch + smooth - 2, smooth);
        var d = signal <= 1 ? k : Math.Max(k + signal - 1, signal);
        return rsi + d;
    }

    protected override IFeatureKernel CreateKernel(StochRsiParameters p, KernelContext context) =>
        new StochRsiKernel(p.RsiPeriod,
            new StochasticOscillator(p.StochPeriod, p.SmoothingPeriod, p.SignalPeriod));

    private sealed class StochRsiKernel(int rsiPeriod, StochasticOscillator stochastic) : FeatureKernel(Outputs)
    {
        private double _previousClose = double.NaN;
        private int _changes;
        private double _avgGain;
        private double _avgLoss;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            Span<double> stochRsi = outputs[StochRsi], signal = outputs[Signal];
            for (var i = 0; i < bars.Length; i++)
            {
                stochRsi[i] = signal[i] = double.NaN;
                var rsi = NextRsi(bars.Close[i]);
                if (_changes < rsiPeriod) continue;
                // The stochastic runs over the RSI series from its first row (bar rsi_period) on.
                stochastic.Add(rsi, rsi, rsi);
                stochRsi[i] = stochastic.K;
                signal[i] = stochastic.D;
            }
        }

        private double NextRsi(double c)
        {
            if (double.IsNaN(_previousClose))
            {
                _previousClose = c;
                return double.NaN;
            }
            var change = c - _previousClose;
            _previousClose = c;
            var gain = change > 0 ? change : 0;
            var loss = change < 0 ? -change : 0;
            _changes++;
            if (_changes < rsiPeriod)
            {
                _avgGain += gain;
                _avgLoss += loss;
                return double.NaN;
            }
            if (_changes == rsiPeriod)
            {
                _avgGain = (_avgGain + gain) / rsiPeriod;
                _avgLoss = (_avgLoss + loss) / rsiPeriod;
                return _avgLoss > 0 ? 100 - 100 / (1 + _avgGain / _avgLoss) : _avgGain > 0 ? 100 : double.NaN;
            }
            _avgGain = (_avgGain * (rsiPeriod - 1) + gain) / rsiPeriod;
            _avgLoss = (_avgLoss * (rsiPeriod - 1) + loss) / rsiPeriod;
            return _avgLoss > 0 ? 100 - 100 / (1 + _avgGain / _avgLoss) : 100;
        }
    }
}
