using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.StochRsi;

/// <summary>Stochastic RSI.</summary>
public sealed class StochRsiPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("stoch_rsi", "Stochastic of the RSI, 0..100 (smoothed by smoothing_period)."),
        OutputColumn.Float("signal", "SMA(signal_period) of stoch_rsi."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.stoch_rsi",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Stochastic RSI: the stochastic oscillator applied to Wilder's RSI(rsi_period) of the close (RSI seeded with the " +
                      "plain mean of the first rsi_period changes; null on the first value of a flat series). Raw = 100*(RSI-min)/(max-min) " +
                      "over stoch_period RSI values, 0 when max = min, 100 at the max and 0 at the min; null while the window holds a null RSI. " +
                      "stoch_rsi is the SMA(smoothing_period) of raw (raw itself when 1), signal the SMA(signal_period) of stoch_rsi.",
        Parameters =
        [
            ParameterSpec.Integer("rsi_period", 14, 1, TechnicalPack.MaxPeriod, "RSI lookback, in bars."),
            ParameterSpec.Integer("stoch_period", 14, 1, TechnicalPack.MaxPeriod, "Stochastic lookback over RSI values."),
            ParameterSpec.Integer("signal_period", 3, 1, TechnicalPack.MaxPeriod, "SMA length of the signal line."),
            ParameterSpec.Integer("smoothing_period", 1, 1, TechnicalPack.MaxPeriod, "SMA length applied to the raw stochastic (1 = none)."),
        ],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "rsi_period + stoch_period - 1 bars, plus smoothing_period - 1 and signal_period - 1 when they smooth",
    };

    public int WarmupBars(ParameterValues parameters)
    {
        var rsi = parameters.GetInt32("rsi_period");
        var stoch = parameters.GetInt32("stoch_period");
        var smooth = parameters.GetInt32("smoothing_period");
        var signal = parameters.GetInt32("signal_period");
        // In RSI-index terms (the stochastic starts at the first RSI value, bar rsi_period).
        var k = smooth <= 1 ? stoch - 1 : Math.Max(stoch + smooth - 2, smooth);
        var d = signal <= 1 ? k : Math.Max(k + signal - 1, signal);
        return rsi + d;
    }

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new StochRsiKernel(p.GetInt32("rsi_period"),
            new StochasticOscillator(p.GetInt32("stoch_period"), p.GetInt32("smoothing_period"), p.GetInt32("signal_period")));
    }

    private sealed class StochRsiKernel(int rsiPeriod, StochasticOscillator stochastic) : BarKernel(Outputs)
    {
        private double _previousClose = double.NaN;
        private int _changes;
        private double _avgGain;
        private double _avgLoss;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                outputs[0][i] = outputs[1][i] = double.NaN;
                var rsi = NextRsi(bars.Close[i]);
                if (_changes < rsiPeriod) continue;
                // The stochastic runs over the RSI series from its first row (bar rsi_period) on.
                stochastic.Add(rsi, rsi, rsi);
                outputs[0][i] = stochastic.K;
                outputs[1][i] = stochastic.D;
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
