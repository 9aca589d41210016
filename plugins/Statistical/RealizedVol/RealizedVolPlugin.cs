using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.RealizedVol;

/// <summary>The estimators of <see cref="RealizedVolPlugin"/>.</summary>
public enum RealizedVolEstimator
{
    CloseToClose,
    Parkinson,
    GarmanKlass,
    RogersSatchell,
    YangZhang,
}

/// <summary>The parameters of <see cref="RealizedVolPlugin"/>.</summary>
public sealed class RealizedVolParameters
{
    [Parameter("Which estimator: close_to_close, parkinson, garman_klass, rogers_satchell or yang_zhang.")]
    public RealizedVolEstimator Estimator { get; init; } = RealizedVolEstimator.CloseToClose;

    [Window(2)]
    public int Window { get; init; } = 20;

    [Parameter("Multiply by √(periods per year) implied by the bar interval (252 trading days, 6.5 hours a day).")]
    public bool Annualize { get; init; }
}

/// <summary>Range- and close-based realized volatility estimators over a rolling window.</summary>
public sealed class RealizedVolPlugin() : FeaturePlugin<RealizedVolParameters>(StatisticalPack.Describe("statistical.realized_vol", Outputs, ["open", "high", "low", "close"],
    warmup: "window bars for close_to_close and yang_zhang (they need the previous close), window - 1 for the others",
    description: "Realized volatility over the last `window` bars. close_to_close: sample std (ddof 1, mean removed) of ln(C_t/C_t-1). " +
                 "parkinson: √(Σ ln(H/L)² / (4·ln2·n)). garman_klass: √(mean(½ln(H/L)² - (2ln2-1)·ln(C/O)²)). rogers_satchell: " +
                 "√(mean(ln(H/C)ln(H/O) + ln(L/C)ln(L/O))). yang_zhang: √(σ²_overnight + k·σ²_open-close + (1-k)·σ²_RS), the " +
                 "first two sample variances (ddof 1) of ln(O_t/C_t-1) and ln(C_t/O_t), σ²_RS the Rogers–Satchell mean, k = 0.34/(1.34 + " +
                 "(n+1)/(n-1)). With `annualize` the value is multiplied by √(periods per year) from the bar interval: 252 trading " +
                 "days a year; bars shorter than a day count 6.5 trading hours a day (1h → 252·6.5 = 1638, 1m → 98 280); bars of 1 " +
                 "to 6 days are 252/days; weekly and longer bars 52/weeks. The estimators read the OHLC fields themselves, so there " +
                 "is no `input` parameter. A window with a non-positive price (no logarithm) is null; a negative variance " +
                 "estimate (possible for garman_klass) is null. Recomputed per bar over the window (O(window))."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput RealizedVol = Outputs.Float("realized_vol", "Volatility per bar (or per year when `annualize`), in log-return units.");

    protected override int WarmupBars(RealizedVolParameters p) => p.Window - (NeedsPreviousClose(p.Estimator) ? 0 : 1);

    private static bool NeedsPreviousClose(RealizedVolEstimator estimator) => estimator is RealizedVolEstimator.CloseToClose or RealizedVolEstimator.YangZhang;

    /// <summary>Periods per year for a bar interval: 252 days of 6.5 trading hours; 52 weeks.</summary>
    internal static double PeriodsPerYear(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero) return 252;
        if (interval < TimeSpan.FromDays(1)) return 252 * TimeSpan.FromHours(6.5).Ticks / (double)interval.Ticks;
        if (interval < TimeSpan.FromDays(7)) return 252 / interval.TotalDays;
        return 52 / (interval.TotalDays / 7);
    }

    protected override IFeatureKernel CreateKernel(RealizedVolParameters p, KernelContext context)
    {
        var scale = p.Annualize ? Math.Sqrt(PeriodsPerYear(context.BarInterval)) : 1;
        return new Kernel(p.Estimator, p.Window, scale);
    }

    private sealed class Kernel : FeatureKernel
    {
        private static readonly double TwoLn2Minus1 = 2 * Math.Log(2) - 1;
        private readonly RealizedVolEstimator _estimator;
        private readonly double _scale;
        private readonly int _window;
        private readonly RingWindow _a;
        private readonly RingWindow _b;
        private readonly RingWindow _c;
        private readonly double[] _scratch;
        private double _previousClose = double.NaN;

        public Kernel(RealizedVolEstimator estimator, int window, double scale) : base(Outputs)
        {
            _estimator = estimator;
            _scale = scale;
            _window = window;
            _a = new RingWindow(window);
            _b = new RingWindow(window);
            _c = new RingWindow(window);
            _scratch = new double[window];
        }

        private static double Ln(double a, double b) => a > 0 && b > 0 ? Math.Log(a / b) : double.NaN;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var output = outputs[RealizedVol];
            for (var i = 0; i < bars.Length; i++)
            {
                double o = bars.Open[i], h = bars.High[i], l = bars.Low[i], c = bars.Close[i];
                double value;
                switch (_estimator)
                {
                    case RealizedVolEstimator.CloseToClose:
                        _a.Add(Ln(c, _previousClose));
                        value = _a.IsReady ? Math.Sqrt(Variance(_a)) : double.NaN;
                        break;
                    case RealizedVolEstimator.Parkinson:
                    {
                        var hl = Ln(h, l);
                        _a.Add(hl * hl);
                        value = _a.IsReady ? Math.Sqrt(Mean(_a) / (4 * Math.Log(2))) : double.NaN;
                        break;
                    }
                    case RealizedVolEstimator.GarmanKlass:
                    {
                        var hl = Ln(h, l);
                        var co = Ln(c, o);
                        _a.Add(0.5 * hl * hl - TwoLn2Minus1 * co * co);
                        value = _a.IsReady ? Math.Sqrt(Mean(_a)) : double.NaN;
                        break;
                    }
                    case RealizedVolEstimator.RogersSatchell:
                        _a.Add(RogersSatchell(o, h, l, c));
                        value = _a.IsReady ? Math.Sqrt(Mean(_a)) : double.NaN;
                        break;
                    default:
                    {
                        _a.Add(Ln(o, _previousClose));
                        _b.Add(Ln(c, o));
                        _c.Add(RogersSatchell(o, h, l, c));
                        if (_a.IsReady && _b.IsReady && _c.IsReady)
                        {
                            double n = _window;
                            var k = 0.34 / (1.34 + (n + 1) / (n - 1));
                            value = Math.Sqrt(Variance(_a) + k * Variance(_b) + (1 - k) * Mean(_c));
                        }
                        else
                        {
                            value = double.NaN;
                        }
                        break;
                    }
                }
                _previousClose = c;
                value *= _scale;
                output[i] = double.IsFinite(value) ? value : double.NaN;
            }
        }

        private static double RogersSatchell(double o, double h, double l, double c) => Ln(h, c) * Ln(h, o) + Ln(l, c) * Ln(l, o);

        private double Variance(RingWindow ring)
        {
            ring.CopyTo(_scratch);
            return Moments.Variance(_scratch, 1);
        }

        private double Mean(RingWindow ring)
        {
            ring.CopyTo(_scratch);
            return Moments.Mean(_scratch);
        }
    }
}
