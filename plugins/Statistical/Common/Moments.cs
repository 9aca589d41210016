using System.Numerics;
using System.Runtime.InteropServices;

namespace Features.Plugins.Statistical.Common;

/// <summary>
/// Moments of a window, computed two-pass (mean first, then centred powers) so a window far from zero
/// (prices) loses no precision. Skewness and kurtosis follow pandas' bias-corrected estimators with the
/// pandas-3 relative cut-off: a centred power sum M_k is zeroed when |M_k| &lt; (eps·max|x|)^k·n.
/// <para>
/// Sums run a SIMD vector at a time (lane-wise partial sums, then the lanes, then the tail): rolling
/// kernels call these once per bar, and one long chain of dependent additions was most of their cost.
/// Every entry point sums in that same order, so <see cref="All"/> and the single statistics agree bit
/// for bit (the automated extract and the single-calculator plugins must).
/// </para>
/// </summary>
internal static class Moments
{
    public static double Mean(ReadOnlySpan<double> x) => x.Length == 0 ? double.NaN : Sum(x) / x.Length;

    /// <summary>Σ(x-μ)² / (n - ddof); NaN when n &lt;= ddof.</summary>
    public static double Variance(ReadOnlySpan<double> x, int ddof)
    {
        var n = x.Length;
        if (n <= ddof || n == 0) return double.NaN;
        var (_, m2, _, _, _) = PowerSums(x);
        return m2 / (n - ddof);
    }

    public static double StdDev(ReadOnlySpan<double> x, int ddof) => Math.Sqrt(Variance(x, ddof));

    /// <summary>Centred power sums M2, M3, M4 and the largest |x|.</summary>
    public static (double Mean, double M2, double M3, double M4, double MaxAbs) PowerSums(ReadOnlySpan<double> x)
    {
        var mean = Mean(x);
        var vectors = Vectors(x);
        var tail = vectors.Length * Vector<double>.Count;
        var meanV = new Vector<double>(mean);
        Vector<double> m2V = Vector<double>.Zero, m3V = Vector<double>.Zero, m4V = Vector<double>.Zero, maxV = Vector<double>.Zero;
        foreach (var v in vectors)
        {
            var d = v - meanV;
            var d2 = d * d;
            m2V += d2;
            m3V += d2 * d;
            m4V += d2 * d2;
            maxV = Vector.Max(maxV, Vector.Abs(v));
        }
        double m2 = Vector.Sum(m2V), m3 = Vector.Sum(m3V), m4 = Vector.Sum(m4V), maxAbs = 0;
        if (vectors.Length > 0)
        {
            for (var k = 0; k < Vector<double>.Count; k++) maxAbs = Math.Max(maxAbs, maxV[k]);
        }
        for (var k = tail; k < x.Length; k++)
        {
            var d = x[k] - mean;
            var d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
            maxAbs = Math.Max(maxAbs, Math.Abs(x[k]));
        }
        return (mean, m2, m3, m4, maxAbs);
    }

    /// <summary>pandas' G1 = n·√(n-1)/(n-2) · M3/M2^1.5; NaN for n &lt; 3; 0 when M2 is (relatively) zero.</summary>
    public static double Skewness(ReadOnlySpan<double> x) => x.Length < 3 ? double.NaN : Skewness(PowerSums(x), x.Length);

    /// <summary>pandas' excess G2 = n(n+1)(n-1)M4/((n-2)(n-3)M2²) - 3(n-1)²/((n-2)(n-3)); NaN for n &lt; 4; 0 when M2 is zero.</summary>
    public static double Kurtosis(ReadOnlySpan<double> x) => x.Length < 4 ? double.NaN : Kurtosis(PowerSums(x), x.Length);

    /// <summary>Mean, standard deviation (n - ddof), skewness and excess kurtosis from one pair of passes; equal to the single functions.</summary>
    public static (double Mean, double StdDev, double Skewness, double Kurtosis) All(ReadOnlySpan<double> x, int ddof)
    {
        var n = x.Length;
        if (n == 0) return (double.NaN, double.NaN, double.NaN, double.NaN);
        var sums = PowerSums(x);
        return (sums.Mean,
            n <= ddof ? double.NaN : Math.Sqrt(sums.M2 / (n - ddof)),
            n < 3 ? double.NaN : Skewness(sums, n),
            n < 4 ? double.NaN : Kurtosis(sums, n));
    }

    private static double Skewness((double Mean, double M2, double M3, double M4, double MaxAbs) sums, int length)
    {
        var n = (double)length;
        var m2 = ZeroOut(sums.M2, sums.MaxAbs, 2, n);
        var m3 = ZeroOut(sums.M3, sums.MaxAbs, 3, n);
        if (m2 == 0) return 0;
        // m2·√m2 rather than Math.Pow(m2, 1.5): pow cost as much as the rest of a 20-value window (within 2 ulp of it).
        return n * Math.Sqrt(n - 1) / (n - 2) * (m3 / (m2 * Math.Sqrt(m2)));
    }

    private static double Kurtosis((double Mean, double M2, double M3, double M4, double MaxAbs) sums, int length)
    {
        var n = (double)length;
        var m2 = ZeroOut(sums.M2, sums.MaxAbs, 2, n);
        var m4 = ZeroOut(sums.M4, sums.MaxAbs, 4, n);
        var denominator = (n - 2) * (n - 3) * m2 * m2;
        if (denominator == 0) return 0;
        var adjust = 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3));
        return n * (n + 1) * (n - 1) * m4 / denominator - adjust;
    }

    private static double Sum(ReadOnlySpan<double> x)
    {
        var vectors = Vectors(x);
        var sumV = Vector<double>.Zero;
        foreach (var v in vectors) sumV += v;
        var sum = Vector.Sum(sumV);
        for (var k = vectors.Length * Vector<double>.Count; k < x.Length; k++) sum += x[k];
        return sum;
    }

    private static ReadOnlySpan<Vector<double>> Vectors(ReadOnlySpan<double> x) =>
        Vector.IsHardwareAccelerated ? MemoryMarshal.Cast<double, Vector<double>>(x) : [];

    // (eps·max|x|)^k as products: Math.Pow costs more than the rest of a 20-value window.
    private static double ZeroOut(double m, double maxAbs, int k, double n)
    {
        var scale = Eps * maxAbs;
        var power = k switch { 2 => scale * scale, 3 => scale * scale * scale, _ => scale * scale * (scale * scale) };
        return Math.Abs(m) < power * n ? 0 : m;
    }

    private const double Eps = 2.220446049250313e-16;
}
