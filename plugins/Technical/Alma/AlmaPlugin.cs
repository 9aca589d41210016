using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Alma;

/// <summary>The parameters of <see cref="AlmaPlugin"/>.</summary>
public sealed class AlmaParameters
{
    [Parameter("Lookback, in bars.", Minimum = 2, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 9;

    [Parameter("Where the Gaussian peaks within the window: 0 = oldest bar, 1 = newest.", Minimum = 0, Maximum = 1)]
    public double Offset { get; init; } = 0.85;

    [Parameter("Sharpness of the Gaussian: its width is period/sigma bars.", Minimum = 0.001, Maximum = 1000)]
    public double Sigma { get; init; } = 6;
}

/// <summary>Arnaud Legoux moving average of the close.</summary>
public sealed class AlmaPlugin() : FeaturePlugin<AlmaParameters>(TechnicalPack.Describe("technical.alma", Outputs, ["close"],
    warmup: "period - 1 bars",
    description: "Arnaud Legoux Moving Average: a Gaussian-weighted mean of the last `period` closes. Position j = 0 " +
                 "(oldest) .. period-1 (newest) gets weight exp(-(j-m)^2/(2 s^2)) with m = offset*(period-1) and " +
                 "s = period/sigma; the sum is divided by the sum of the weights. Null for the first period-1 bars."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Alma = Outputs.Float("alma", "Gaussian-weighted mean of the last `period` closes.", OutputUnit.Price);

    protected override int WarmupBars(AlmaParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(AlmaParameters p, KernelContext context) => new AlmaKernel(
        p.Period, p.Offset, p.Sigma);

    private sealed class AlmaKernel : FeatureKernel
    {
        private readonly double[] _weights;
        private readonly double _norm;
        private readonly double[] _ring;
        private int _count;
        private int _next;

        public AlmaKernel(int period, double offset, double sigma) : base(Outputs)
        {
            var m = offset * (period - 1);
            var s = period / sigma;
            _weights = new double[period];
            for (var j = 0; j < period; j++)
            {
                _weights[j] = Math.Exp(-((j - m) * (j - m)) / (2 * s * s));
                _norm += _weights[j];
            }
            _ring = new double[period];
        }

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            var alma = outputs[Alma];
            // State in locals for the batch: a store through the output span may alias any field, so the JIT would
            // reload every field after each row otherwise.
            var (ring, weights, norm, next, count) = (_ring, _weights, _norm, _next, _count);
            var period = ring.Length;
            for (var i = 0; i < close.Length; i++)
            {
                ring[next] = close[i];
                next = next + 1 == period ? 0 : next + 1;
                if (count < period) count++;
                if (count < period)
                {
                    alma[i] = double.NaN;
                    continue;
                }
                // Gaussian weights are not separable into running sums: one pass over the window, oldest first.
                double sum = 0;
                for (var j = 0; j < period; j++)
                {
                    var slot = next + j;
                    sum += weights[j] * ring[slot >= period ? slot - period : slot];
                }
                alma[i] = norm > 0 ? sum / norm : double.NaN;
            }
            (_next, _count) = (next, count);
        }
    }
}
