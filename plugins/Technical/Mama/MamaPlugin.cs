using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Mama;

/// <summary>The parameters of <see cref="MamaPlugin"/>.</summary>
public sealed class MamaParameters
{
    [Parameter("Upper bound of alpha; greater than slow_limit.", Minimum = 0.0001, Maximum = 1)]
    public double FastLimit { get; init; } = 0.5;

    [Parameter("Lower bound of alpha.", Minimum = 0.0001, Maximum = 1)]
    public double SlowLimit { get; init; } = 0.05;
}

/// <summary>Ehlers' MESA Adaptive Moving Average and its following average.</summary>
public sealed class MamaPlugin() : FeaturePlugin<MamaParameters>(TechnicalPack.Describe("technical.mama", Outputs, ["high", "low"],
    warmup: "5 bars (seeded with the mean of the first six prices; converges over a few dozen bars)",
    description: "MESA Adaptive Moving Average (Ehlers) of the median price (high+low)/2. A Hilbert-transform homodyne " +
                 "discriminator estimates the dominant cycle period (clamped to 6..50 bars, to 0.67..1.5 times the " +
                 "previous one, then smoothed 0.2/0.8) and the phase; alpha = max(fast_limit / max(phase change, 1), " +
                 "slow_limit). mama = alpha*price + (1-alpha)*prev; fama = 0.5*alpha*mama + (1-0.5*alpha)*prev. Both " +
                 "are seeded at bar 5 with the mean of the first six prices; all filter states start at 0."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Mama = Outputs.Float("mama", "MESA adaptive moving average of (high+low)/2.", OutputUnit.Price);
    private static readonly FloatOutput Fama = Outputs.Float("fama", "Following adaptive moving average: MAMA smoothed with half its alpha.", OutputUnit.Price);

    protected override int WarmupBars(MamaParameters p) => 5;

    protected override IEnumerable<ParameterError> Validate(MamaParameters p)
    {
        if (p.FastLimit <= p.SlowLimit)
        {
            yield return Error(nameof(p.FastLimit), $"'{NameOf(nameof(p.FastLimit))}' must be greater than '{NameOf(nameof(p.SlowLimit))}'");
        }
    }

    protected override IFeatureKernel CreateKernel(MamaParameters p, KernelContext context) =>
        new MamaKernel(p.FastLimit, p.SlowLimit);

    private sealed class MamaKernel(double fastLimit, double slowLimit) : FeatureKernel(Outputs)
    {
        // The filters read back six bars; rings of seven hold bars t-6..t.
        private const int Ring = 7;
        private readonly double[] _pr = new double[Ring];
        private readonly double[] _sm = new double[Ring];
        private readonly double[] _dt = new double[Ring];
        private readonly double[] _i1 = new double[Ring];
        private readonly double[] _q1 = new double[Ring];
        private double _i2, _q2, _re, _im, _pd, _ph;
        private double _mama = double.NaN;
        private double _fama = double.NaN;
        private long _index = -1;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            Span<double> mamaOut = outputs[Mama], famaOut = outputs[Fama];
            for (var i = 0; i < high.Length; i++)
            {
                _index++;
                var t = (int)(_index % Ring);
                var price = (high[i] + low[i]) / 2;
                _pr[t] = price;
                if (_index < 5)
                {
                    mamaOut[i] = famaOut[i] = double.NaN;
                    continue;
                }
                if (double.IsNaN(_mama))
                {
                    Seed(t);
                }
                else
                {
                    Step(t, price);
                }
                mamaOut[i] = _mama;
                famaOut[i] = _fama;
            }
        }

        private int Back(int t, int k) => (t - k + Ring) % Ring;

        private void Seed(int t)
        {
            double sum = 0;
            for (var k = 5; k >= 0; k--)
            {
                var s = Back(t, k);
                _sm[s] = _dt[s] = _i1[s] = _q1[s] = 0;
                sum += _pr[s];
            }
            _i2 = _q2 = _re = _im = _pd = _ph = 0;
            _mama = _fama = sum / 6;
        }

        // Same expressions in the same order as the reference, so the clamps and max() branch on the same values.
        private void Step(int t, double price)
        {
            var adj = (0.075 * _pd) + 0.54;

            _sm[t] = ((4 * price) + (3 * _pr[Back(t, 1)]) + (2 * _pr[Back(t, 2)]) + _pr[Back(t, 3)]) / 10;
            _dt[t] = ((0.0962 * _sm[t]) + (0.5769 * _sm[Back(t, 2)]) - (0.5769 * _sm[Back(t, 4)]) - (0.0962 * _sm[Back(t, 6)])) * adj;

            _q1[t] = ((0.0962 * _dt[t]) + (0.5769 * _dt[Back(t, 2)]) - (0.5769 * _dt[Back(t, 4)]) - (0.0962 * _dt[Back(t, 6)])) * adj;
            _i1[t] = _dt[Back(t, 3)];

            var jI = ((0.0962 * _i1[t]) + (0.5769 * _i1[Back(t, 2)]) - (0.5769 * _i1[Back(t, 4)]) - (0.0962 * _i1[Back(t, 6)])) * adj;
            var jQ = ((0.0962 * _q1[t]) + (0.5769 * _q1[Back(t, 2)]) - (0.5769 * _q1[Back(t, 4)]) - (0.0962 * _q1[Back(t, 6)])) * adj;

            var i2 = _i1[t] - jQ;
            var q2 = _q1[t] + jI;
            i2 = (0.2 * i2) + (0.8 * _i2);
            q2 = (0.2 * q2) + (0.8 * _q2);

            var re = (i2 * _i2) + (q2 * _q2);
            var im = (i2 * _q2) - (q2 * _i2);
            re = (0.2 * re) + (0.8 * _re);
            im = (0.2 * im) + (0.8 * _im);

            var pd = im != 0 && re != 0 ? 2 * Math.PI / Math.Atan(im / re) : 0;
            pd = pd > 1.5 * _pd ? 1.5 * _pd : pd;
            pd = pd < 0.67 * _pd ? 0.67 * _pd : pd;
            pd = pd < 6 ? 6 : pd;
            pd = pd > 50 ? 50 : pd;
            pd = (0.2 * pd) + (0.8 * _pd);

            var ph = _i1[t] != 0 ? Math.Atan(_q1[t] / _i1[t]) * 180 / Math.PI : 0;
            var delta = Math.Max(_ph - ph, 1);
            var alpha = Math.Max(fastLimit / delta, slowLimit);

            _mama = (alpha * price) + ((1d - alpha) * _mama);
            _fama = (0.5 * alpha * _mama) + ((1d - (0.5 * alpha)) * _fama);

            (_i2, _q2, _re, _im, _pd, _ph) = (i2, q2, re, im, pd, ph);
        }
    }
}
