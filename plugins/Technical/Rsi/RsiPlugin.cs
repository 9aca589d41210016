using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Rsi;

/// <summary>The parameters of <see cref="RsiPlugin"/>.</summary>
public sealed class RsiParameters
{
    [Parameter("Lookback for the average gain and loss, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Wilder's Relative Strength Index.</summary>
public sealed class RsiPlugin() : FeaturePlugin<RsiParameters>(TechnicalPack.Describe("technical.rsi", Outputs, ["close"],
    warmup: "period bars (the first value is at bar index `period`)",
    description: "Relative Strength Index (Wilder). Gains and losses are close-to-close changes; the first average is the " +
                 "plain mean of the first `period` changes, later ones Wilder-smoothed: avg = (prev*(N-1)+x)/N. " +
                 "RSI = 100 - 100/(1+avgGain/avgLoss); 100 when avgLoss is 0, null on the first value of a flat series."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Rsi = Outputs.Float("rsi", "Relative Strength Index, 0..100.");

    protected override int WarmupBars(RsiParameters p) => p.Period;

    protected override IFeatureKernel CreateKernel(RsiParameters p, KernelContext context) => new RsiKernel(p.Period);

    private sealed class RsiKernel(int period) : FeatureKernel(Outputs)
    {
        private double _previousClose = double.NaN;
        private int _changes;
        private double _avgGain;
        private double _avgLoss;
        private readonly double _inversePeriod = 1.0 / period;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            var rsi = outputs[Rsi];
            // State in locals for the batch: through the fields, both averages made a store/reload round trip on
            // their dependency chains every bar.
            var (previousClose, changes, avgGain, avgLoss) = (_previousClose, _changes, _avgGain, _avgLoss);
            var (inversePeriod, periodLessOne) = (_inversePeriod, (double)(period - 1));
            for (var i = 0; i < close.Length; i++)
            {
                var c = close[i];
                if (double.IsNaN(previousClose))
                {
                    previousClose = c;
                    rsi[i] = double.NaN;
                    continue;
                }
                var change = c - previousClose;
                previousClose = c;
                // Up or down is a coin flip: masks, not branches.
                var gain = Branchless.PositivePart(change);
                var loss = Branchless.PositivePart(-change);
                if (changes >= period)
                {
                    // Wilder step with 1/N precomputed: a division on the averages' dependency chain was the
                    // kernel's bottleneck (the result differs by at most an ulp per step).
                    avgGain = (avgGain * periodLessOne + gain) * inversePeriod;
                    avgLoss = (avgLoss * periodLessOne + loss) * inversePeriod;
                    rsi[i] = avgLoss > 0 ? 100 - 100 / (1 + avgGain / avgLoss) : 100;
                    continue;
                }
                changes++;
                if (changes < period)
                {
                    avgGain += gain;
                    avgLoss += loss;
                    rsi[i] = double.NaN;
                    continue;
                }
                avgGain = (avgGain + gain) / period;
                avgLoss = (avgLoss + loss) / period;
                rsi[i] = avgLoss > 0 ? 100 - 100 / (1 + avgGain / avgLoss) : avgGain > 0 ? 100 : double.NaN;
            }
            (_previousClose, _changes, _avgGain, _avgLoss) = (previousClose, changes, avgGain, avgLoss);
        }
    }
}
