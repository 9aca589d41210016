using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Features.Plugins.Statistical.Common;

/// <summary>
/// Moments of a window, computed two-pass (mean first, then centred powers) so a window far from zero
/// (prices) loses no precision. Skewness and kurtosis follow pandas' bias-corrected estimators with the
/// pandas-3 relative cut-off: a centred power sum M_k is zeroed when |M_k| &lt; (eps·max|x|)^k·n.
/// <para>
/// Sums run a SIMD vector at a time (lane-wise partial sums, then the lanes, then the tail): rolling
/// kernels call these once per bar, and one long chain of dependent additions was most of their cost.
/// Every entry point sums in that same order, so <see cref="All"/> and the single statistics agree bit
/// for bit (the automated extract and the single-calculator plugins must), and so does
/// <see cref="FourWindowMoments"/>, which rolling_moments uses to compute four windows at once.
/// </para>
/// <para>
/// Divisions and square roots are kept off the per-window path where an ulp allows: the mean is Σx·(1/n), the
/// standard deviation √M2·√(1/(n-ddof)), and skewness and kurtosis share one division.
/// </para>
/// </summary>
internal static class Moments
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Mean(ReadOnlySpan<double> x) => x.Length == 0 ? double.NaN : Mean(x, 1.0 / x.Length);

    /// <summary>
    /// The mean as Σx · (1/n), with 1/n given: a rolling kernel computes it once, and the multiplication keeps a division
    /// off every window's path (within an ulp of Σx / n). <see cref="Mean(ReadOnlySpan{double})"/> computes it the same way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Mean(ReadOnlySpan<double> x, double inverseLength) => Sum(x) * inverseLength;

    /// <summary>Σ(x-μ)² / (n - ddof); NaN when n &lt;= ddof.</summary>
    public static double Variance(ReadOnlySpan<double> x, int ddof)
    {
        var n = x.Length;
        if (n <= ddof || n == 0) return double.NaN;
        var (_, m2, _, _, _) = PowerSums(x);
        return m2 / (n - ddof);
    }

    /// <summary>√M2 · √(1/(n - ddof)), as <see cref="All(ReadOnlySpan{double}, int)"/> computes it; NaN when n &lt;= ddof.</summary>
    public static double StdDev(ReadOnlySpan<double> x, int ddof) =>
        x.Length <= ddof || x.Length == 0 ? double.NaN : Math.Sqrt(PowerSums(x).M2) * StdDevScale(x.Length, ddof);

    /// <summary>
    /// <see cref="Mean(ReadOnlySpan{double})"/> and <see cref="StdDev"/> bit for bit, from one mean pass and a second pass
    /// of squares alone: a z-score per bar needs no third or fourth power and no second mean.
    /// </summary>
    public static (double Mean, double StdDev) MeanAndStdDev(ReadOnlySpan<double> x, int ddof)
    {
        if (x.Length == 0) return (double.NaN, double.NaN);
        var mean = Mean(x);
        return (mean, x.Length <= ddof ? double.NaN : Math.Sqrt(CentredSquares(x, mean)) * StdDevScale(x.Length, ddof));
    }

    /// <summary>M2 = Σ(x-μ)², summed lane by lane exactly as <see cref="CentredSums"/> sums it.</summary>
    private static double CentredSquares(ReadOnlySpan<double> x, double mean)
    {
        var vectors = Vectors(x);
        var tail = vectors.Length * Vector<double>.Count;
        var meanV = new Vector<double>(mean);
        var m2V = Vector<double>.Zero;
        foreach (var v in vectors)
        {
            var d = v - meanV;
            m2V += d * d;
        }
        var m2 = Vector.Sum(m2V); // the order LaneSums keeps for M2: (lane0 + lane1) + (lane2 + lane3)
        for (var k = tail; k < x.Length; k++)
        {
            var d = x[k] - mean;
            m2 += d * d;
        }
        return m2;
    }

    // √(1/(n - ddof)), computed the same way here and in Shape.
    private static double StdDevScale(int length, int ddof) => Math.Sqrt(1 / ((double)length - ddof));

    /// <summary>Centred power sums M2, M3, M4 and the largest |x|.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Mean, double M2, double M3, double M4, double MaxAbs) PowerSums(ReadOnlySpan<double> x) => CentredSums(x, Mean(x));

    /// <summary>The centred power sums about a mean already computed by <see cref="Mean"/>: the second pass of <see cref="PowerSums"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double Mean, double M2, double M3, double M4, double MaxAbs) CentredSums(ReadOnlySpan<double> x, double mean)
    {
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
            // MaxNative is the processor's max: Vector.Max's NaN and signed-zero fix-ups (two more instructions on
            // the loop-carried chain) are not needed for |x| of a null-free window.
            maxV = Vector.MaxNative(maxV, Vector.Abs(v));
        }
        var (m2, m3, m4) = LaneSums(m2V, m3V, m4V);
        var maxAbs = LargestLane(maxV);
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
    public static double Skewness(ReadOnlySpan<double> x) => x.Length < 3 ? double.NaN : Finish(PowerSums(x), new Shape(x.Length, 0)).Skewness;

    /// <summary>pandas' excess G2 = n(n+1)(n-1)M4/((n-2)(n-3)M2²) - 3(n-1)²/((n-2)(n-3)); NaN for n &lt; 4; 0 when M2 is zero.</summary>
    public static double Kurtosis(ReadOnlySpan<double> x) => x.Length < 4 ? double.NaN : Finish(PowerSums(x), new Shape(x.Length, 0)).Kurtosis;

    /// <summary>Mean, standard deviation (n - ddof), skewness and excess kurtosis from one pair of passes; equal to the single functions.</summary>
    public static (double Mean, double StdDev, double Skewness, double Kurtosis) All(ReadOnlySpan<double> x, int ddof) =>
        x.Length == 0 ? (double.NaN, double.NaN, double.NaN, double.NaN) : All(x, new Shape(x.Length, ddof));

    /// <summary><see cref="All(ReadOnlySpan{double}, int)"/> for a window of <see cref="Shape.Length"/> values, with the length's constants computed once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (double Mean, double StdDev, double Skewness, double Kurtosis) All(ReadOnlySpan<double> x, in Shape shape)
    {
        Debug.Assert(x.Length == shape.Length, "a window of the shape's length");
        return Finish(CentredSums(x, Mean(x, shape.InverseLength)), shape);
    }

    /// <summary>The four moments from the power sums of a window of <see cref="Shape.Length"/> values: the last step of <see cref="All(ReadOnlySpan{double}, in Shape)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double Mean, double StdDev, double Skewness, double Kurtosis) Finish((double Mean, double M2, double M3, double M4, double MaxAbs) sums, in Shape shape)
    {
        var root = Math.Sqrt(sums.M2);
        var (skewness, kurtosis) = ShapeStatistics(sums, root, shape);
        return (sums.Mean,
            shape.HasStdDev ? root * shape.StdDevScale : double.NaN,
            shape.HasSkewness ? skewness : double.NaN,
            shape.HasKurtosis ? kurtosis : double.NaN);
    }

    /// <summary>
    /// Skewness G1 = F·M3/M2^1.5 and kurtosis G2 = K·M4/M2² - A (after the relative zero cut-off) from one division:
    /// with t = 1/(M2²·√M2), 1/M2^1.5 = t·M2 and 1/M2² = t·√M2. Divisions and square roots share one unit of the
    /// processor, and three of them per window were the rolling kernel's bottleneck (each result within a few ulp
    /// of dividing directly). Both are 0 for a (relatively) constant window.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double Skewness, double Kurtosis) ShapeStatistics((double Mean, double M2, double M3, double M4, double MaxAbs) sums, double root, in Shape shape)
    {
        var m2 = ZeroOut(sums.M2, sums.MaxAbs, 2, shape.N);
        if (m2 == 0) return (0, 0);
        var m3 = ZeroOut(sums.M3, sums.MaxAbs, 3, shape.N);
        var m4 = ZeroOut(sums.M4, sums.MaxAbs, 4, shape.N);
        var product = m2 * m2 * root;
        if (product == 0 || double.IsInfinity(product))
        {
            // M2² under- or overflows (windows of values near 1e-77 or 1e+77): divide separately.
            return (shape.SkewnessFactor * (m3 / (m2 * root)), shape.KurtosisFactor * (m4 / m2 / m2) - shape.KurtosisAdjustment);
        }
        var t = 1 / product;
        return (shape.SkewnessFactor * m3 * (t * m2), shape.KurtosisFactor * m4 * (t * root) - shape.KurtosisAdjustment);
    }

    /// <summary>
    /// The constants of the estimators for a window length, computed in the estimators' own evaluation order,
    /// so using them gives the same bits as computing them inline (rolling kernels compute them once, not per bar).
    /// </summary>
    public readonly struct Shape
    {
        public Shape(int length, int ddof)
        {
            var n = (double)length;
            Length = length;
            N = n;
            HasStdDev = length > ddof;
            HasSkewness = length >= 3;
            HasKurtosis = length >= 4;
            InverseLength = 1.0 / length;
            StdDevScale = Moments.StdDevScale(length, ddof);
            SkewnessFactor = n * Math.Sqrt(n - 1) / (n - 2);
            KurtosisFactor = n * (n + 1) * (n - 1) / ((n - 2) * (n - 3));
            KurtosisAdjustment = 3 * (n - 1) * (n - 1) / ((n - 2) * (n - 3));
        }

        public int Length { get; }
        public double N { get; }
        public bool HasStdDev { get; }
        public bool HasSkewness { get; }
        public bool HasKurtosis { get; }
        public double InverseLength { get; }
        /// <summary>√(1/(n - ddof)): the standard deviation is √M2 times it, sharing √M2 with the skewness (within an ulp of √(M2/(n - ddof))).</summary>
        public double StdDevScale { get; }
        public double SkewnessFactor { get; }
        public double KurtosisFactor { get; }
        public double KurtosisAdjustment { get; }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Sum(ReadOnlySpan<double> x)
    {
        var vectors = Vectors(x);
        var sumV = Vector<double>.Zero;
        foreach (var v in vectors) sumV += v;
        var sum = Vector.Sum(sumV);
        for (var k = vectors.Length * Vector<double>.Count; k < x.Length; k++) sum += x[k];
        return sum;
    }

    /// <summary>
    /// <see cref="Vector.Sum"/> of three vectors, as (lane0 + lane1) + (lane2 + lane3) like it, so bit for bit the same;
    /// with AVX the three are reduced together by horizontal adds (6 instructions instead of 21 on a rolling kernel's path).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double, double, double) LaneSums(Vector<double> a, Vector<double> b, Vector<double> c)
    {
        if (Avx.IsSupported && Vector<double>.Count == 4)
        {
            var ab = Avx.HorizontalAdd(a.AsVector256(), b.AsVector256()); // a0+a1, b0+b1, a2+a3, b2+b3
            var cc = Avx.HorizontalAdd(c.AsVector256(), c.AsVector256());
            var abSum = ab.GetLower() + ab.GetUpper();
            var cSum = cc.GetLower() + cc.GetUpper();
            return (abSum.ToScalar(), abSum.GetElement(1), cSum.ToScalar());
        }
        return (Vector.Sum(a), Vector.Sum(b), Vector.Sum(c));
    }

    // The lanes are |x| (never NaN: windows are null-free) or zero, so any order of max gives the same value.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LargestLane(Vector<double> v)
    {
        if (Vector<double>.Count == 4)
        {
            var halves = Vector128.MaxNative(v.AsVector256().GetLower(), v.AsVector256().GetUpper());
            return Vector128.MaxNative(halves, Vector128.Create(halves.GetElement(1))).ToScalar();
        }
        var largest = 0.0;
        for (var k = 0; k < Vector<double>.Count; k++) largest = Math.Max(largest, v[k]);
        return largest;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<Vector<double>> Vectors(ReadOnlySpan<double> x) =>
        Vector.IsHardwareAccelerated ? MemoryMarshal.Cast<double, Vector<double>>(x) : [];

    // (eps·max|x|)^k as products: Math.Pow costs more than the rest of a 20-value window.
    private static double ZeroOut(double m, double maxAbs, int k, double n)
    {
        var scale = Eps * maxAbs;
        var power = k switch { 2 => scale * scale, 3 => scale * scale * scale, _ => scale * scale * (scale * scale) };
        return Math.Abs(m) < power * n ? 0 : m;
    }

    internal const double Eps = 2.220446049250313e-16;
}
