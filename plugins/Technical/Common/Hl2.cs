namespace Features.Plugins.Technical.Common;

/// <summary>The median price (high + low) / 2, computed as the reference library does.</summary>
internal static class Hl2
{
    /// <summary>
    /// The reference computes HL2 in decimal and converts back, which is exact for prices with few
    /// decimals; doing the same keeps recursive HL2 filters (MAMA) on the baseline bit for bit.
    /// Values where decimal would overflow or lose digits (huge, tiny, not finite) use double arithmetic.
    /// </summary>
    public static double Of(double high, double low)
    {
        if (DecimalSafe(high) && DecimalSafe(low))
        {
            return (double)(((decimal)high + (decimal)low) / 2m);
        }
        return (high + low) / 2;
    }

    private static bool DecimalSafe(double x) => x == 0 || (Math.Abs(x) is >= 1e-6 and < 1e15);
}
