namespace Features.Plugins.Statistical.Common;

/// <summary>
/// Moments of a window, computed two-pass (mean first, then centred powers) so a window far from zero
/// (prices) loses no precision. Skewness and kurtosis follow pandas' bias-corrected estimators with the
/// pandas-3 relative cut-off: a centred power sum M_k is zeroed when |M_k| &lt; (eps·max|x|)^k·n.
/// </summary>
internal static class Moments
{
    public static double Mean(ReadOnlySpan<double> x)
    {
        if (x.Length == 0) return double.NaN;
        var sum = 0.0;
        foreach (var v in x) sum += v;
        return sum / x.Length;
    }

    /// <summary>Σ(x-μ)² / (n - ddof); NaN when n &lt;= ddof.</summary>
    public static double Variance(ReadOnlySpan<double> x, int ddof)
    {
        var n = x.Length;
        if (n <= ddof || n == 0) return double.NaN;
        var mean = Mean(x);
        var m2 = 0.0;
        foreach (var v in x) m2 += (v - mean) * (v - mean);
        return m2 / (n - ddof);
    }

    public static double StdDev(ReadOnlySpan<double> x, int ddof) => Math.Sqrt(Variance(x, ddof));

    /// <summary>Centred power sums M2, M3, M4 and the largest |x|.</summary>
    public static (double Mean, double M2, double M3, double M4, double MaxAbs) PowerSums(ReadOnlySpan<double> x)
    {
        var mean = Mean(x);
        double m2 = 0, m3 = 0, m4 = 0, maxAbs = 0;
        foreach (var v in x)
        {
            var d = v - mean;
            var d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
            maxAbs = Math.Max(maxAbs, Math.Abs(v));
        }
        return (mean, m2, m3, m4, maxAbs);
    }

    /// <summary>pandas' G1 = n·√(n-1)/(n-2) · M3/M2^1.5; NaN for n &lt; 3; 0 when M2 is (relatively) zero.</summary>
    public static double Skewness(ReadOnlySpan<double> x)
    {
        var n = (double)x.Length;
        if (n < 3) return double.NaN;
        var (_, m2, m3, _, maxAbs) = PowerSums(x);
        m2 = ZeroOut(m2, maxAbs, 2, n);
        m3 = ZeroOut(m3, maxAbs, 3, n);
        if (m2 == 0) return 0;
        return n * Math.Sqrt(n - 1) / (n - 2) * (m3 / Math.Pow(m2, 1.5));
    }

    /// <summary>pandas' excess G2 = n(n+1)(n-1)M4/((n-2)(n-3)M2²) - 3(n-1)²/((n-2)(n-3)); NaN for n &lt; 4; 0 when M2 is zero.</summary>
    public static double Kurtosis(ReadOnlySpan<double> x)
    {
        var n = (double)x.Length;
        if (n < 4) return double.NaN;
        var (_, m2, _, m4, maxAbs) = PowerSums(x);
        m2 = ZeroOut(m2, maxAbs, 2, n);
        m4 = ZeroOut(m4, maxAbs, 4, n);
        var denominator = (n - 2) * (n - 3) * m2 * m2;
        if (denominator == 0) return 0;
        var adjust = 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3));
        return n * (n + 1) * (n - 1) * m4 / denominator - adjust;
    }

    private static double ZeroOut(double m, double maxAbs, int k, double n) =>
        Math.Abs(m) < Math.Pow(Eps * maxAbs, k) * n ? 0 : m;

    private const double Eps = 2.220446049250313e-16;
}
