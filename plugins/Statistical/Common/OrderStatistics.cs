namespace Features.Plugins.Statistical.Common;

/// <summary>Quantiles of a window (numpy's default "linear", Hyndman–Fan type 7).</summary>
internal static class OrderStatistics
{
    /// <summary>Sorts a copy of <paramref name="x"/> into <paramref name="scratch"/> and returns the q-quantile.</summary>
    public static double Quantile(ReadOnlySpan<double> x, double q, Span<double> scratch)
    {
        if (x.Length == 0) return double.NaN;
        var sorted = scratch[..x.Length];
        x.CopyTo(sorted);
        sorted.Sort();
        return QuantileOfSorted(sorted, q);
    }

    /// <summary>h = (n-1)q; x[⌊h⌋] + (h-⌊h⌋)(x[⌊h⌋+1] - x[⌊h⌋]).</summary>
    public static double QuantileOfSorted(ReadOnlySpan<double> sorted, double q)
    {
        var h = (sorted.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        if (lo >= sorted.Length - 1) return sorted[^1];
        var frac = h - lo;
        return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
    }
}
