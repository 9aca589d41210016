namespace Features.Plugins.Statistical.Common;

/// <summary>The standard normal CDF by Marsaglia's Taylor series (absolute error about 1e-15).</summary>
internal static class NormalDistribution
{
    public static double Cdf(double z)
    {
        if (double.IsNaN(z)) return double.NaN;
        if (z < -37) return 0;
        if (z > 9) return 1;
        // Φ(z) = ½ + φ(z)·Σ z^(2k+1)/(1·3·…·(2k+1)).
        double sum = z, term = z, previous = 0, q = z * z;
        for (var i = 1.0; sum != previous; )
        {
            previous = sum;
            i += 2;
            term *= q / i;
            sum += term;
        }
        return Math.Clamp(0.5 + sum * Math.Exp(-0.5 * q - 0.91893853320467274178), 0, 1);
    }
}
