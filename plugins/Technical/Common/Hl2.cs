namespace Features.Plugins.Technical.Common;

/// <summary>The median price (high + low) / 2, computed as the reference library does.</summary>
internal static class Hl2
{
    /// <summary>
    /// The reference computes HL2 in decimal and converts back, which is exact for prices with few
    /// decimals; doing the same keeps recursive HL2 filters (MAMA) on the baseline bit for bit.
    /// Values outside decimal's range, or not finite, fall back to double arithmetic.
    /// </summary>
    public static double Of(double high, double low)
    {
        if (double.IsFinite(high) && double.IsFinite(low) && Math.Abs(high) < 1e20 && Math.Abs(low) < 1e20)
        {
            return (double)(((decimal)high + (decimal)low) / 2m);
        }
        return (high + low) / 2;
    }
}
