using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.T3;

/// <summary>The parameters of <see cref="T3Plugin"/>.</summary>
public sealed class T3Parameters
{
    [Parameter("Lookback of each EMA stage, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 5;

    [Parameter("Tillson's volume factor a (0.7 is the classic value).", Minimum = 0.0001, Maximum = 10)]
    public double VolumeFactor { get; init; } = 0.7;
}

/// <summary>Tillson's T3 moving average of the close.</summary>
public sealed class T3Plugin() : FeaturePlugin<T3Parameters>(TechnicalPack.Describe("technical.t3", Outputs, ["close"],
    warmup: "none: seeded with the first close (values converge after a few multiples of `period`)",
    description: "Tillson T3 moving average of the close: six chained EMAs e1..e6 (k = 2/(period+1)), combined as " +
                 "c1*e6 + c2*e5 + c3*e4 + c4*e3 with a = volume_factor, c1 = -a^3, c2 = 3a^2 + 3a^3, " +
                 "c3 = -6a^2 - 3a - 3a^3, c4 = 1 + 3a + a^3 + 3a^2. All six EMAs are seeded with the first close, so " +
                 "there is a value from the first bar; early values depend on where the series starts and converge " +
                 "after a few multiples of `period`."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput T3 = Outputs.Float("t3", "Tillson T3: c1*e6 + c2*e5 + c3*e4 + c4*e3 of six chained EMAs.", OutputUnit.Price);

    protected override int WarmupBars(T3Parameters p) => 0;

    protected override IFeatureKernel CreateKernel(T3Parameters p, KernelContext context) =>
        new T3Kernel(p.Period, p.VolumeFactor);

    private sealed class T3Kernel : FeatureKernel
    {
        private readonly double _k;
        private readonly double _c1, _c2, _c3, _c4;
        private double _e1 = double.NaN, _e2, _e3, _e4, _e5, _e6;

        public T3Kernel(int period, double a) : base(Outputs)
        {
            _k = 2.0 / (period + 1);
            _c1 = -a * a * a;
            _c2 = 3 * a * a + 3 * a * a * a;
            _c3 = -6 * a * a - 3 * a - 3 * a * a * a;
            _c4 = 1 + 3 * a + a * a * a + 3 * a * a;
        }

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            var t3 = outputs[T3];
            for (var i = 0; i < close.Length; i++)
            {
                var x = close[i];
                if (double.IsNaN(_e1)) _e1 = _e2 = _e3 = _e4 = _e5 = _e6 = x;
                _e1 += _k * (x - _e1);
                _e2 += _k * (_e1 - _e2);
                _e3 += _k * (_e2 - _e3);
                _e4 += _k * (_e3 - _e4);
                _e5 += _k * (_e4 - _e5);
                _e6 += _k * (_e5 - _e6);
                t3[i] = _c1 * _e6 + _c2 * _e5 + _c3 * _e4 + _c4 * _e3;
            }
        }
    }
}
