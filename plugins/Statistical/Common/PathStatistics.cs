namespace Features.Plugins.Statistical.Common;

/// <summary>tsfresh's calculators about the path of a window: changes, non-linearity, peaks, crossings.</summary>
internal static class PathStatistics
{
    /// <summary>mean over i of x_{i+2lag}·x_{i+lag}·x_i on raw values; 0 when 2·lag &gt;= n.</summary>
    public static double C3(ReadOnlySpan<double> x, int lag)
    {
        var count = x.Length - 2 * lag;
        if (count <= 0) return 0;
        var sum = 0.0;
        for (var i = 0; i < count; i++) sum += x[i + 2 * lag] * x[i + lag] * x[i];
        return sum / count;
    }

    /// <summary>mean over i of x_{i+2lag}²·x_{i+lag} - x_{i+lag}·x_i²; 0 when 2·lag &gt;= n.</summary>
    public static double TimeReversalAsymmetry(ReadOnlySpan<double> x, int lag)
    {
        var count = x.Length - 2 * lag;
        if (count <= 0) return 0;
        var sum = 0.0;
        for (var i = 0; i < count; i++)
        {
            var a = x[i + 2 * lag];
            var b = x[i + lag];
            var c = x[i];
            sum += a * a * b - b * c * c;
        }
        return sum / count;
    }

    /// <summary>√Σ(Δx)², not divided by n; with normalize, x is z-scored by the population std first (0 when std is 0).</summary>
    public static double CidCe(ReadOnlySpan<double> x, bool normalize)
    {
        double scale = 1, mean = 0;
        if (normalize)
        {
            var std = Moments.StdDev(x, 0);
            if (std == 0) return 0;
            if (double.IsNaN(std)) return double.NaN;
            scale = std;
            mean = Moments.Mean(x);
        }
        var sum = 0.0;
        for (var i = 1; i < x.Length; i++)
        {
            var d = (x[i] - mean) / scale - (x[i - 1] - mean) / scale;
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>mean |x_{i+1}-x_i| over n-1 differences; NaN for n &lt; 2.</summary>
    public static double MeanAbsChange(ReadOnlySpan<double> x)
    {
        if (x.Length < 2) return double.NaN;
        return AbsoluteSumOfChanges(x) / (x.Length - 1);
    }

    /// <summary>Σ|Δx|; 0 for fewer than two values.</summary>
    public static double AbsoluteSumOfChanges(ReadOnlySpan<double> x)
    {
        var sum = 0.0;
        for (var i = 1; i < x.Length; i++) sum += Math.Abs(x[i] - x[i - 1]);
        return sum;
    }

    /// <summary>(x_{n-1}-x_0)/(n-1); NaN for n &lt;= 1.</summary>
    public static double MeanChange(ReadOnlySpan<double> x) => x.Length <= 1 ? double.NaN : (x[^1] - x[0]) / (x.Length - 1);

    /// <summary>(x_{n-1} - x_{n-2} - x_1 + x_0) / (2(n-2)), as tsfresh's code computes it; NaN for n &lt;= 2.</summary>
    public static double MeanSecondDerivativeCentral(ReadOnlySpan<double> x) =>
        x.Length <= 2 ? double.NaN : (x[^1] - x[^2] - x[1] + x[0]) / (2.0 * (x.Length - 2));

    /// <summary>Indices i in [n, len-n) where x_i is strictly above each of its n neighbours on both sides.</summary>
    public static double NumberPeaks(ReadOnlySpan<double> x, int n)
    {
        var count = 0;
        for (var i = n; i < x.Length - n; i++)
        {
            var peak = true;
            for (var k = 1; k <= n && peak; k++)
            {
                if (!(x[i] > x[i - k] && x[i] > x[i + k])) peak = false;
            }
            if (peak) count++;
        }
        return count;
    }

    /// <summary>Count of i with (x_i &gt; m) != (x_{i+1} &gt; m); a value equal to m is "not above".</summary>
    public static double NumberCrossingM(ReadOnlySpan<double> x, double m)
    {
        var count = 0;
        for (var i = 1; i < x.Length; i++)
        {
            if (x[i - 1] > m != x[i] > m) count++;
        }
        return count;
    }

    /// <summary>#{|x_i-μ| &gt; r·σ}/n with the population σ and a strict inequality; NaN when empty.</summary>
    public static double RatioBeyondRSigma(ReadOnlySpan<double> x, double r)
    {
        if (x.Length == 0) return double.NaN;
        var mean = Moments.Mean(x);
        var limit = r * Moments.StdDev(x, 0);
        var count = 0;
        foreach (var v in x)
        {
            if (Math.Abs(v - mean) > limit) count++;
        }
        return (double)count / x.Length;
    }

    /// <summary>Longest run of consecutive values strictly above (or below) the window mean.</summary>
    public static double LongestStrike(ReadOnlySpan<double> x, bool above)
    {
        var mean = Moments.Mean(x);
        int best = 0, run = 0;
        foreach (var v in x)
        {
            run = (above ? v > mean : v < mean) ? run + 1 : 0;
            best = Math.Max(best, run);
        }
        return best;
    }
}
