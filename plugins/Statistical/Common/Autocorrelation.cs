namespace Features.Plugins.Statistical.Common;

/// <summary>tsfresh's autocorrelation and partial autocorrelation (statsmodels pacf, method "ld").</summary>
internal static class Autocorrelation
{
    /// <summary>
    /// Σ_{t&lt;n-l}(x_t-μ)(x_{t+l}-μ) / ((n-l)·σ²), μ and population σ² of the whole window. NaN when
    /// n &lt;= lag or σ² &lt;= 1e-8 (numpy's isclose(σ², 0), an absolute threshold).
    /// </summary>
    public static double At(ReadOnlySpan<double> x, int lag)
    {
        var n = x.Length;
        if (n <= lag) return double.NaN;
        var mean = Moments.Mean(x);
        var variance = Moments.Variance(x, 0);
        if (variance <= 1e-8) return double.NaN;
        return AdjustedAutocovariance(x, mean, lag) / variance;
    }

    /// <summary>Σ_{t&lt;n-k}(x_t-μ)(x_{t+k}-μ)/(n-k).</summary>
    public static double AdjustedAutocovariance(ReadOnlySpan<double> x, double mean, int k)
    {
        var n = x.Length;
        var sum = 0.0;
        for (var t = 0; t < n - k; t++) sum += (x[t] - mean) * (x[t + k] - mean);
        return sum / (n - k);
    }

    /// <summary>Scratch the partial autocorrelation needs for lags up to <paramref name="maxLag"/>.</summary>
    public static double[] Scratch(int maxLag) => new double[3 * (maxLag + 1)];

    /// <summary>
    /// Partial autocorrelations φ_kk for k = 0..maxRequested into <paramref name="result"/>, by Durbin–Levinson
    /// on the adjusted autocovariances. tsfresh caps the lags at L = n/2-1 when the largest requested lag
    /// reaches n/2; lags above L, and every lag when L &lt;= 0, are NaN (lag 0 included).
    /// </summary>
    public static void Partial(ReadOnlySpan<double> x, int maxRequested, Span<double> result, double[] scratch)
    {
        var n = x.Length;
        result[..(maxRequested + 1)].Fill(double.NaN);
        if (n <= 1) return;
        var cap = maxRequested >= n / 2 ? n / 2 - 1 : maxRequested;
        if (cap <= 0) return;
        var span = scratch.AsSpan();
        var gamma = span[..(cap + 1)];
        var phi = span.Slice(cap + 1, cap + 1);
        var previous = span.Slice(2 * (cap + 1), cap + 1);
        var mean = Moments.Mean(x);
        for (var k = 0; k <= cap; k++) gamma[k] = AdjustedAutocovariance(x, mean, k);

        result[0] = 1;
        phi.Clear();
        var v = gamma[0];
        for (var k = 1; k <= cap; k++)
        {
            var numerator = gamma[k];
            for (var j = 1; j < k; j++) numerator -= previous[j] * gamma[k - j];
            var phiKk = numerator / v;
            phi[k] = phiKk;
            for (var j = 1; j < k; j++) phi[j] = previous[j] - phiKk * previous[k - j];
            v *= 1 - phiKk * phiKk;
            result[k] = phiKk;
            phi[..(k + 1)].CopyTo(previous);
        }
    }
}
