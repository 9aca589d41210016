using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Rsi;

/// <summary>Wilder's Relative Strength Index.</summary>
public sealed class RsiPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs = [OutputColumn.Float("rsi", "Relative Strength Index, 0..100.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.rsi",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Relative Strength Index (Wilder). Gains and losses are close-to-close changes; the first average is the " +
                      "plain mean of the first `period` changes, later ones Wilder-smoothed: avg = (prev*(N-1)+x)/N. " +
                      "RSI = 100 - 100/(1+avgGain/avgLoss); 100 when avgLoss is 0, null on the first value of a flat series.",
        Parameters = [ParameterSpec.Integer("period", 14, 1, TechnicalPack.MaxPeriod, "Lookback for the average gain and loss, in bars.")],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period bars (the first value is at bar index `period`)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period");

    public IFeatureKernel CreateKernel(KernelContext context) => new RsiKernel(context.Parameters.GetInt32("period"));

    private sealed class RsiKernel(int period) : BarKernel(Outputs)
    {
        private double _previousClose = double.NaN;
        private int _changes;
        private double _avgGain;
        private double _avgLoss;
        private readonly double _inversePeriod = 1.0 / period;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var rsi = outputs[0];
            for (var i = 0; i < close.Length; i++)
            {
                var c = close[i];
                if (double.IsNaN(_previousClose))
                {
                    _previousClose = c;
                    rsi[i] = double.NaN;
                    continue;
                }
                var change = c - _previousClose;
                _previousClose = c;
                var gain = change > 0 ? change : 0;
                var loss = change < 0 ? -change : 0;
                _changes++;
                if (_changes < period)
                {
                    _avgGain += gain;
                    _avgLoss += loss;
                    rsi[i] = double.NaN;
                    continue;
                }
                if (_changes == period)
                {
                    _avgGain = (_avgGain + gain) / period;
                    _avgLoss = (_avgLoss + loss) / period;
                    rsi[i] = _avgLoss > 0 ? 100 - 100 / (1 + _avgGain / _avgLoss) : _avgGain > 0 ? 100 : double.NaN;
                    continue;
                }
                // Wilder step with 1/N precomputed: a division on the averages' dependency chain was the
                // kernel's bottleneck (the result differs by at most an ulp per step).
                _avgGain = (_avgGain * (period - 1) + gain) * _inversePeriod;
                _avgLoss = (_avgLoss * (period - 1) + loss) * _inversePeriod;
                rsi[i] = _avgLoss > 0 ? 100 - 100 / (1 + _avgGain / _avgLoss) : 100;
            }
        }
    }
}
