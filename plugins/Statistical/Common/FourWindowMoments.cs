using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Features.Plugins.Statistical.Common;

/// <summary>
/// <see cref="Moments.All(ReadOnlySpan{double}, in Moments.Shape)"/> for four consecutive windows at once, one window per
/// vector lane: no horizontal sums, and the square root, division and cut-offs of four windows in one instruction each.
/// <para>
/// Bit for bit the same as the one-window path: that one sums a window in four lanes (element e into lane e mod 4, each
/// lane from zero in order), then (lane0 + lane1) + (lane2 + lane3), then the tail one by one; here lane w holds window w,
/// and the four lane partials are separate vectors combined in that same order. Every later step is the same IEEE
/// operation in the same order, per lane. Tests compare the two on every window of the reference series.
/// </para>
/// </summary>
internal static class FourWindowMoments
{
    /// <summary>The lane layout needs four-double vectors, as the one-window path's.</summary>
    public static bool IsSupported => Avx.IsSupported && Vector<double>.Count == 4;

    /// <summary>
    /// The moments of the windows starting at <paramref name="start"/> .. <paramref name="start"/> + 3 of <paramref name="values"/>,
    /// each <see cref="Moments.Shape.Length"/> long (at least 4). False, with nothing computed, when a window needs the
    /// one-window path's rare branch (M2² under- or overflowing); the caller then takes that path for all four.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryAll(ReadOnlySpan<double> values, int start, in Moments.Shape shape,
        out Vector256<double> mean, out Vector256<double> std, out Vector256<double> skewness, out Vector256<double> kurtosis)
    {
        var length = shape.Length;
        if (start < 0 || length < 4 || start + length + 3 > values.Length || !shape.HasStdDev)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, "four whole windows of at least 4 values");
        }
        ref var origin = ref Unsafe.Add(ref MemoryMarshal.GetReference(values), start);
        var vectors = length / 4;
        var tail = vectors * 4;

        // Σx, lane partials in the one-window order.
        Vector256<double> pair01 = default, lane0 = default, lane2 = default, sum = default;
        for (var lane = 0; lane < 4; lane++)
        {
            var acc = Vector256<double>.Zero;
            for (var i = 0; i < vectors; i++) acc += Load(ref origin, lane + 4 * i);
            switch (lane)
            {
                case 0: lane0 = acc; break;
                case 1: pair01 = lane0 + acc; break;
                case 2: lane2 = acc; break;
                default: sum = pair01 + (lane2 + acc); break;
            }
        }
        for (var k = tail; k < length; k++) sum += Load(ref origin, k);
        mean = sum * Vector256.Create(shape.InverseLength);

        // Centred power sums and max|x|, the same way.
        Vector256<double> m2 = default, m3 = default, m4 = default, maxAbs = Vector256<double>.Zero;
        Vector256<double> p2 = default, p3 = default, p4 = default, l2 = default, l3 = default, l4 = default;
        for (var lane = 0; lane < 4; lane++)
        {
            Vector256<double> a2 = Vector256<double>.Zero, a3 = Vector256<double>.Zero, a4 = Vector256<double>.Zero;
            for (var i = 0; i < vectors; i++) AddCentred(Load(ref origin, lane + 4 * i), mean, ref a2, ref a3, ref a4, ref maxAbs);
            switch (lane)
            {
                case 0: (l2, l3, l4) = (a2, a3, a4); break;
                case 1: (p2, p3, p4) = (l2 + a2, l3 + a3, l4 + a4); break;
                case 2: (l2, l3, l4) = (a2, a3, a4); break;
                default: (m2, m3, m4) = (p2 + (l2 + a2), p3 + (l3 + a3), p4 + (l4 + a4)); break;
            }
        }
        for (var k = tail; k < length; k++) AddCentred(Load(ref origin, k), mean, ref m2, ref m3, ref m4, ref maxAbs);

        // Moments.Finish, lane by lane.
        var root = Vector256.Sqrt(m2);
        var n = Vector256.Create(shape.N);
        var scale = Vector256.Create(Moments.Eps) * maxAbs;
        var square = scale * scale;
        var z2 = ZeroOut(m2, square * n);
        var z3 = ZeroOut(m3, square * scale * n);
        var z4 = ZeroOut(m4, square * square * n);
        var product = z2 * z2 * root;
        var constant = Vector256.Equals(z2, Vector256<double>.Zero);
        var degenerate = Vector256.Equals(product, Vector256<double>.Zero) | Vector256.Equals(Vector256.Abs(product), Vector256.Create(double.PositiveInfinity));
        if (Vector256.AndNot(degenerate, constant) != Vector256<double>.Zero)
        {
            std = skewness = kurtosis = default;
            return false;
        }
        var t = Vector256<double>.One / product;
        std = root * Vector256.Create(shape.StdDevScale);
        skewness = Vector256.ConditionalSelect(constant, Vector256<double>.Zero, Vector256.Create(shape.SkewnessFactor) * z3 * (t * z2));
        kurtosis = Vector256.ConditionalSelect(constant, Vector256<double>.Zero,
            Vector256.Create(shape.KurtosisFactor) * z4 * (t * root) - Vector256.Create(shape.KurtosisAdjustment));
        return true;
    }

    /// <summary>v where it is finite, NaN elsewhere (a degenerate statistic is null, never infinity).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Finite(Vector256<double> v) =>
        Vector256.ConditionalSelect(Vector256.Equals(v - v, Vector256<double>.Zero), v, Vector256.Create(double.NaN));

    // One value per window into the centred power sums, as Moments.CentredSums adds it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddCentred(Vector256<double> v, Vector256<double> mean,
        ref Vector256<double> m2, ref Vector256<double> m3, ref Vector256<double> m4, ref Vector256<double> maxAbs)
    {
        var d = v - mean;
        var d2 = d * d;
        m2 += d2;
        m3 += d2 * d;
        m4 += d2 * d2;
        maxAbs = Vector256.MaxNative(maxAbs, Vector256.Abs(v));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Load(ref double origin, int offset) => Vector256.LoadUnsafe(ref origin, (nuint)offset);

    // Moments' relative cut-off: |M_k| < (eps·max|x|)^k·n gives 0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ZeroOut(Vector256<double> m, Vector256<double> threshold) =>
        Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(m), threshold), Vector256<double>.Zero, m);
}
