namespace Features.Plugins.Statistical.Common;

/// <summary>tsfresh's entropies: sample, approximate (both O(n²) per window) and permutation.</summary>
internal static class Entropy
{
    /// <summary>
    /// tsfresh's sample_entropy: m = 2, tolerance 0.2·σ (population); B = ordered matching pairs of the n-1
    /// length-2 templates, A = the same for the n-2 length-3 templates (Chebyshev distance &lt;= tolerance);
    /// -ln(A/B). NaN for n &lt;= 2, B = 0, or A = 0 (tsfresh's +inf).
    /// </summary>
    public static double Sample(ReadOnlySpan<double> x)
    {
        var n = x.Length;
        if (n <= 2) return double.NaN;
        var tolerance = 0.2 * Moments.StdDev(x, 0);
        var b = MatchingPairs(x, 2, tolerance, includeSelf: false);
        var a = MatchingPairs(x, 3, tolerance, includeSelf: false);
        if (b == 0 || a == 0) return double.NaN;
        return -Math.Log((double)a / b);
    }

    private static long MatchingPairs(ReadOnlySpan<double> x, int length, double tolerance, bool includeSelf)
    {
        var templates = x.Length - length + 1;
        long count = 0;
        for (var i = 0; i < templates; i++)
        {
            for (var j = 0; j < templates; j++)
            {
                if (i == j && !includeSelf) continue;
                if (Matches(x, i, j, length, tolerance)) count++;
            }
        }
        return count;
    }

    private static bool Matches(ReadOnlySpan<double> x, int i, int j, int length, double tolerance)
    {
        for (var k = 0; k < length; k++)
        {
            if (!(Math.Abs(x[i + k] - x[j + k]) <= tolerance)) return false;
        }
        return true;
    }

    /// <summary>
    /// tsfresh's approximate_entropy: tolerance r·σ (population); φ(k) = mean_i ln(C_i), C_i the share of the
    /// N-k+1 length-k templates within tolerance of template i (self-matches included); |φ(m) - φ(m+1)|.
    /// 0 when N &lt;= m+1.
    /// </summary>
    public static double Approximate(ReadOnlySpan<double> x, int m, double r)
    {
        var n = x.Length;
        if (n <= m + 1) return 0;
        var tolerance = r * Moments.StdDev(x, 0);
        return Math.Abs(Phi(x, m, tolerance) - Phi(x, m + 1, tolerance));
    }

    private static double Phi(ReadOnlySpan<double> x, int length, double tolerance)
    {
        var templates = x.Length - length + 1;
        var sum = 0.0;
        for (var i = 0; i < templates; i++)
        {
            var matches = 0;
            for (var j = 0; j < templates; j++)
            {
                if (Matches(x, i, j, length, tolerance)) matches++;
            }
            sum += Math.Log((double)matches / templates);
        }
        return sum / templates;
    }

    /// <summary>Scratch for <see cref="Permutation"/>: one counter per ordinal pattern, D! of them.</summary>
    public static int[] PermutationScratch(int dimension)
    {
        var patterns = 1;
        for (var k = 2; k <= dimension; k++) patterns *= k;
        return new int[patterns];
    }

    /// <summary>
    /// tsfresh's permutation_entropy: windows x[s·tau .. s·tau+D) for s = 0..⌊(n-D)/tau⌋ (tau is a stride),
    /// each replaced by its ordinal pattern (ties ranked by position), -Σ p·ln p (natural log, not normalised).
    /// NaN when n &lt; D.
    /// </summary>
    public static double Permutation(ReadOnlySpan<double> x, int tau, int dimension, int[] counts)
    {
        var n = x.Length;
        if (n < dimension) return double.NaN;
        Array.Clear(counts);
        var windows = (n - dimension) / tau + 1;
        for (var s = 0; s < windows; s++) counts[PatternIndex(x.Slice(s * tau, dimension))]++;
        var entropy = 0.0;
        foreach (var c in counts)
        {
            if (c == 0) continue;
            var p = (double)c / windows;
            entropy -= p * Math.Log(p);
        }
        return entropy;
    }

    /// <summary>The rank vector (argsort of argsort, ties by position) as a mixed-radix number: a distinct index per pattern.</summary>
    private static int PatternIndex(ReadOnlySpan<double> w)
    {
        var index = 0;
        for (var i = 0; i < w.Length; i++)
        {
            var rank = 0;
            for (var j = 0; j < w.Length; j++)
            {
                if (w[j] < w[i] || (w[j] == w[i] && j < i)) rank++;
            }
            // Lehmer-style digit: the rank among the values not yet placed keeps the index below D!.
            var digit = rank;
            for (var j = 0; j < i; j++)
            {
                if (RankOf(w, j) < rank) digit--;
            }
            index = index * (w.Length - i) + digit;
        }
        return index;
    }

    private static int RankOf(ReadOnlySpan<double> w, int i)
    {
        var rank = 0;
        for (var j = 0; j < w.Length; j++)
        {
            if (w[j] < w[i] || (w[j] == w[i] && j < i)) rank++;
        }
        return rank;
    }
}
