using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.Adf;

/// <summary>The parameters of <see cref="AdfPlugin"/>.</summary>
public sealed class AdfParameters
{
    [Input("the test asks whether the price level has a unit root.")]
    public InputKind Input { get; init; } = InputKind.Close;

    [Window(10, "Must leave at least 3 degrees of freedom: window >= 2·maxlag + 6.")]
    public int Window { get; init; } = 100;

    [Parameter("Number of lagged differences in the regression (fixed, no automatic selection).", Minimum = 0, Maximum = 50)]
    public int Maxlag { get; init; } = 1;
}

/// <summary>Rolling augmented Dickey–Fuller test (constant, fixed lag count) with MacKinnon's approximate p-value.</summary>
public sealed class AdfPlugin() : FeaturePlugin<AdfParameters>(StatisticalPack.Describe("statistical.adf", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "Augmented Dickey–Fuller test over the last `window` input values, as statsmodels adfuller(x, maxlag, " +
                 "regression=\"c\", autolag=None): OLS of Δx_t on [x_{t-1}, Δx_{t-1}, …, Δx_{t-maxlag}, 1] over the window's " +
                 "window-1-maxlag usable rows; adf_stat = coefficient of x_{t-1} / its standard error (SSR/(nobs-k) residual " +
                 "variance). p_value = Φ(Σ c_i·τ^i), MacKinnon (1994) for the constant-only case: 1 above τ = 2.74, 0 below " +
                 "-18.83, coefficients (2.1659, 1.4412, 0.038269) up to τ = -1.61, else (1.7339, 0.93202, -0.12745, -0.010368). " +
                 "A constant or singular window is null. OLS by modified Gram–Schmidt QR, recomputed per bar (O(window·maxlag²)). " +
                 StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput AdfStat = Outputs.Float("adf_stat", "t statistic of the coefficient on x_{t-1} (more negative = stronger evidence against a unit root).");
    private static readonly FloatOutput PValueColumn = Outputs.Float("p_value", "MacKinnon (1994) approximate p-value of adf_stat (constant, one series).");

    protected override int WarmupBars(AdfParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IEnumerable<ParameterError> Validate(AdfParameters p)
    {
        if (p.Window < 2 * p.Maxlag + 6)
            yield return Error(nameof(p.Window), $"{NameOf(nameof(p.Window))} must be at least 2·{NameOf(nameof(p.Maxlag))} + 6");
    }

    protected override IFeatureKernel CreateKernel(AdfParameters p, KernelContext context) => new Kernel(p.Input, p.Window, p.Maxlag);

    /// <summary>MacKinnon (1994) approximate p-value for regression "c", N = 1.</summary>
    internal static double PValue(double tau)
    {
        if (double.IsNaN(tau)) return double.NaN;
        if (tau > 2.74) return 1;
        if (tau < -18.83) return 0;
        var z = tau <= -1.61
            ? 2.1659 + tau * (1.4412 + tau * 0.038269)
            : 1.7339 + tau * (0.93202 + tau * (-0.12745 + tau * -0.010368));
        return NormalDistribution.Cdf(z);
    }

    private sealed class Kernel : WindowKernel
    {
        private readonly int _lags;
        private readonly int _rows;
        private readonly int _k;
        private readonly double[][] _q;
        private readonly double[] _r;
        private readonly double[] _y;
        private readonly double[] _beta;
        private readonly double[] _inverseRow;

        public Kernel(InputKind input, int window, int lags) : base(Outputs, input, window)
        {
            _lags = lags;
            _rows = window - 1 - lags;
            _k = lags + 2;
            _q = new double[_k][];
            for (var j = 0; j < _k; j++) _q[j] = new double[_rows];
            _r = new double[_k * _k];
            _y = new double[_rows];
            _beta = new double[_k];
            _inverseRow = new double[_k];
        }

        protected override void Evaluate(ReadOnlySpan<double> x, in WindowRow row)
        {
            row.SetAllNull();
            var constant = true;
            for (var i = 1; i < x.Length && constant; i++) constant = x[i] == x[0];
            if (constant) return;

            // Row i (i = lags+1 .. n-1): y = Δx_i; columns x_{i-1}, Δx_{i-1..i-lags}, 1.
            for (var t = 0; t < _rows; t++)
            {
                var i = t + _lags + 1;
                _y[t] = x[i] - x[i - 1];
                _q[0][t] = x[i - 1];
                for (var l = 1; l <= _lags; l++) _q[l][t] = x[i - l] - x[i - l - 1];
                _q[_k - 1][t] = 1;
            }
            var r = _r.AsSpan();
            r.Clear();
            var scale = 0.0;
            for (var j = 0; j < _k; j++) scale = Math.Max(scale, Norm(_q[j]));
            for (var j = 0; j < _k; j++)
            {
                var column = _q[j];
                for (var p = 0; p < j; p++)
                {
                    var dot = Dot(_q[p], column);
                    r[p * _k + j] = dot;
                    for (var t = 0; t < _rows; t++) column[t] -= dot * _q[p][t];
                }
                var norm = Norm(column);
                // A column that vanishes against the others makes the design singular (statsmodels' LinAlgError).
                if (!(norm > 1e-12 * scale)) return;
                r[j * _k + j] = norm;
                for (var t = 0; t < _rows; t++) column[t] /= norm;
            }
            // β = R⁻¹Q'y; SSR from the residual left after projecting y.
            Span<double> qty = stackalloc double[_k];
            for (var j = 0; j < _k; j++) qty[j] = Dot(_q[j], _y);
            var ssr = 0.0;
            for (var t = 0; t < _rows; t++)
            {
                var e = _y[t];
                for (var j = 0; j < _k; j++) e -= _q[j][t] * qty[j];
                ssr += e * e;
            }
            for (var j = _k - 1; j >= 0; j--)
            {
                var s = qty[j];
                for (var p = j + 1; p < _k; p++) s -= r[j * _k + p] * _beta[p];
                _beta[j] = s / r[j * _k + j];
            }
            // Row 0 of R⁻¹: (X'X)⁻¹₀₀ is its squared norm.
            _inverseRow.AsSpan().Clear();
            _inverseRow[0] = 1 / r[0];
            for (var j = 1; j < _k; j++)
            {
                var s = 0.0;
                for (var p = 0; p < j; p++) s += _inverseRow[p] * r[p * _k + j];
                _inverseRow[j] = -s / r[j * _k + j];
            }
            var v00 = 0.0;
            foreach (var v in _inverseRow) v00 += v * v;
            var sigma2 = ssr / (_rows - _k);
            var tau = _beta[0] / Math.Sqrt(v00 * sigma2);
            if (!double.IsFinite(tau)) return;
            row.Set(AdfStat, tau);
            row.Set(PValueColumn, PValue(tau));
        }

        private double Dot(double[] a, double[] b)
        {
            var s = 0.0;
            for (var t = 0; t < _rows; t++) s += a[t] * b[t];
            return s;
        }

        private double Norm(double[] a) => Math.Sqrt(Dot(a, a));
    }
}
