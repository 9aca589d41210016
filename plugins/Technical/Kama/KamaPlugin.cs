using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Kama;

/// <summary>Kaufman's adaptive moving average of the close.</summary>
public sealed class KamaPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("er", "Efficiency ratio |close - close[er_period ago]| / sum of |1-bar changes| over er_period, 0..1; 0 on a flat window."),
        OutputColumn.Float("kama", "Kaufman adaptive moving average."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.kama",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Kaufman's Adaptive Moving Average of the close. er = |close - close[er_period bars ago]| / sum of the " +
                      "last er_period absolute 1-bar changes; sc = (er*(2/(fast_period+1) - 2/(slow_period+1)) + " +
                      "2/(slow_period+1))^2; kama = prev + sc*(close - prev). kama is seeded with the close at bar " +
                      "er_period-1 (er is null there); er starts at bar er_period. On a flat window (no change) er = 0 and " +
                      "kama resets to the close.",
        Parameters =
        [
            ParameterSpec.Integer("er_period", 10, 1, TechnicalPack.MaxPeriod, "Window of the efficiency ratio, in bars."),
            ParameterSpec.Integer("fast_period", 2, 1, TechnicalPack.MaxPeriod, "EMA period of the fastest smoothing; less than slow_period."),
            ParameterSpec.Integer("slow_period", 30, 2, TechnicalPack.MaxPeriod, "EMA period of the slowest smoothing."),
        ],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "er_period bars (kama alone needs er_period - 1)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("er_period");

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        if (parameters.GetInt32("fast_period") >= parameters.GetInt32("slow_period"))
        {
            yield return new ParameterError("fast_period", "'fast_period' must be less than 'slow_period'");
        }
    }

    public IFeatureKernel CreateKernel(KernelContext context) => new KamaKernel(
        context.Parameters.GetInt32("er_period"), context.Parameters.GetInt32("fast_period"), context.Parameters.GetInt32("slow_period"));

    private sealed class KamaKernel(int erPeriod, int fastPeriod, int slowPeriod) : BarKernel(Outputs)
    {
        private readonly double _scFast = 2.0 / (fastPeriod + 1);
        private readonly double _scSlow = 2.0 / (slowPeriod + 1);
        // Closes of the last er_period+1 bars, and the absolute changes of the last er_period.
        private readonly double[] _closes = new double[erPeriod + 1];
        private readonly RollingSum _volatility = new(erPeriod);
        // Counted exactly, so a flat window is recognised even if the float sum keeps a rounding residue.
        private int _nonZeroChanges;
        private long _index = -1;
        private double _kama = double.NaN;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var (er, kama) = (outputs[0], outputs[1]);
            var ring = _closes.Length;
            for (var i = 0; i < close.Length; i++)
            {
                var c = close[i];
                _index++;
                var slot = (int)(_index % ring);
                if (_index > 0)
                {
                    var change = Math.Abs(c - _closes[(slot + ring - 1) % ring]);
                    if (_volatility.IsFull && _volatility.Back(erPeriod - 1) != 0) _nonZeroChanges--;
                    if (change != 0) _nonZeroChanges++;
                    _volatility.Add(change);
                }
                _closes[slot] = c;
                // The ring holds er_period+1 closes, so the slot after this one holds the close er_period bars ago.
                var then = _closes[(slot + 1) % ring];

                if (_index < erPeriod - 1)
                {
                    er[i] = kama[i] = double.NaN;
                    continue;
                }
                if (double.IsNaN(_kama))
                {
                    _kama = c;
                    er[i] = double.NaN;
                    kama[i] = _kama;
                    continue;
                }
                double ratio;
                if (_nonZeroChanges > 0)
                {
                    ratio = Math.Abs(c - then) / _volatility.Sum;
                    var sc = ratio * (_scFast - _scSlow) + _scSlow;
                    _kama += sc * sc * (c - _kama);
                }
                else
                {
                    ratio = 0;
                    _kama = c;
                }
                er[i] = ratio;
                kama[i] = _kama;
            }
        }
    }
}
