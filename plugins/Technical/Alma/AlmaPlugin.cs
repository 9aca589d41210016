using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Alma;

/// <summary>Arnaud Legoux moving average of the close.</summary>
public sealed class AlmaPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("alma", "Gaussian-weighted mean of the last `period` closes.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.alma",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Arnaud Legoux Moving Average: a Gaussian-weighted mean of the last `period` closes. Position j = 0 " +
                      "(oldest) .. period-1 (newest) gets weight exp(-(j-m)^2/(2 s^2)) with m = offset*(period-1) and " +
                      "s = period/sigma; the sum is divided by the sum of the weights. Null for the first period-1 bars.",
        Parameters =
        [
            ParameterSpec.Integer("period", 9, 2, TechnicalPack.MaxPeriod, "Lookback, in bars."),
            ParameterSpec.Number("offset", 0.85, 0, 1, "Where the Gaussian peaks within the window: 0 = oldest bar, 1 = newest."),
            ParameterSpec.Number("sigma", 6, 0.001, 1000, "Sharpness of the Gaussian: its width is period/sigma bars."),
        ],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new AlmaKernel(
        context.Parameters.GetInt32("period"), context.Parameters.GetDouble("offset"), context.Parameters.GetDouble("sigma"));

    private sealed class AlmaKernel : BarKernel
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

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var alma = outputs[0];
            var period = _ring.Length;
            for (var i = 0; i < close.Length; i++)
            {
                _ring[_next] = close[i];
                _next = _next + 1 == period ? 0 : _next + 1;
                if (_count < period) _count++;
                if (_count < period)
                {
                    alma[i] = double.NaN;
                    continue;
                }
                // Gaussian weights are not separable into running sums: one pass over the window, oldest first.
                double sum = 0;
                for (var j = 0; j < period; j++)
                {
                    var slot = _next + j;
                    sum += _weights[j] * _ring[slot >= period ? slot - period : slot];
                }
                alma[i] = _norm > 0 ? sum / _norm : double.NaN;
            }
        }
    }
}
