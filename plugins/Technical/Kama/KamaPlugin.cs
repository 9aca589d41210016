using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Kama;

/// <summary>The parameters of <see cref="KamaPlugin"/>.</summary>
public sealed class KamaParameters
{
    [Parameter("Window of the efficiency ratio, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int ErPeriod { get; init; } = 10;

    [Parameter("EMA period of the fastest smoothing; less than slow_period.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int FastPeriod { get; init; } = 2;

    [Parameter("EMA period of the slowest smoothing.", Minimum = 2, Maximum = TechnicalPack.MaxPeriod)]
    public int SlowPeriod { get; init; } = 30;
}

/// <summary>Kaufman's adaptive moving average of the close.</summary>
public sealed class KamaPlugin() : FeaturePlugin<KamaParameters>(TechnicalPack.Describe("technical.kama", Outputs, ["close"],
    warmup: "er_period bars (kama alone needs er_period - 1)",
    description: "Kaufman's Adaptive Moving Average of the close. er = |close - close[er_period bars ago]| / sum of the " +
                 "last er_period absolute 1-bar changes; sc = (er*(2/(fast_period+1) - 2/(slow_period+1)) + " +
                 "2/(slow_period+1))^2; kama = prev + sc*(close - prev). kama is seeded with the close at bar " +
                 "er_period-1 (er is null there); er starts at bar er_period. On a flat window (no change) er = 0 and " +
                 "kama resets to the close."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Er = Outputs.Float("er", "Efficiency ratio |close - close[er_period ago]| / sum of |1-bar changes| over er_period, 0..1; 0 on a flat window.");
    private static readonly FloatOutput Kama = Outputs.Float("kama", "Kaufman adaptive moving average.", OutputUnit.Price);

    protected override int WarmupBars(KamaParameters p) => p.ErPeriod;

    protected override IEnumerable<ParameterError> Validate(KamaParameters p)
    {
        if (p.FastPeriod >= p.SlowPeriod)
        {
            yield return Error(nameof(p.FastPeriod), $"'{NameOf(nameof(p.FastPeriod))}' must be less than '{NameOf(nameof(p.SlowPeriod))}'");
        }
    }

    protected override IFeatureKernel CreateKernel(KamaParameters p, KernelContext context) => new KamaKernel(
        p.ErPeriod, p.FastPeriod, p.SlowPeriod);

    private sealed class KamaKernel(int erPeriod, int fastPeriod, int slowPeriod) : FeatureKernel(Outputs)
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

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            Span<double> er = outputs[Er], kama = outputs[Kama];
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
