using Features.PluginSdk;

namespace Features.Plugins.Tests.Statistical;

/// <summary>
/// Obviously-correct, slow formulas straight from the published definitions, used as the expected side.
/// They deliberately take other routes than the kernels (population moments, normal equations, linear
/// solves, LINQ), so a shared mistake is unlikely.
/// </summary>
public static class Naive
{
    public static double[] Close(Bar[] bars) => [.. bars.Select(b => b.Close)];

    public static double[] LogReturns(Bar[] bars) =>
        [.. bars.Select((b, i) => i == 0 || bars[i - 1].Close <= 0 || b.Close <= 0 ? double.NaN : Math.Log(b.Close / bars[i - 1].Close))];

    /// <summary>Bars whose every price is the given value (volume 1000), one day apart.</summary>
    public static Bar[] Bars(params double[] closes) =>
        [.. closes.Select((c, i) => new Bar(1_483_401_600_000_000L + i * 86_400_000_000L, c, c, c, c, 1000))];

    /// <summary>f over every window ending at each bar; null while the window is incomplete or holds a NaN.</summary>
    public static object?[] Rolling(double[] input, int window, Func<double[], double> f) =>
        [.. input.Select((_, t) =>
        {
            if (t + 1 < window) return (object?)null;
            var w = input[(t + 1 - window)..(t + 1)];
            if (w.Any(double.IsNaN)) return null;
            var v = f(w);
            return double.IsFinite(v) ? v : null;
        })];

    public static double Mean(double[] x) => x.Average();

    public static double Std(double[] x, int ddof)
    {
        var m = x.Average();
        return Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / (x.Length - ddof));
    }

    private static double Central(double[] x, int k)
    {
        var m = x.Average();
        return x.Average(v => Math.Pow(v - m, k));
    }

    /// <summary>√(n(n-1))/(n-2)·g1, g1 = m3/m2^1.5 from population moments.</summary>
    public static double Skew(double[] x)
    {
        double n = x.Length;
        var m2 = Central(x, 2);
        if (m2 == 0) return 0;
        return Math.Sqrt(n * (n - 1)) / (n - 2) * Central(x, 3) / Math.Pow(m2, 1.5);
    }

    /// <summary>((n+1)g2 + 6)(n-1)/((n-2)(n-3)), g2 = m4/m2² - 3.</summary>
    public static double Kurt(double[] x)
    {
        double n = x.Length;
        var m2 = Central(x, 2);
        if (m2 == 0) return 0;
        var g2 = Central(x, 4) / (m2 * m2) - 3;
        return ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3));
    }

    public static double Autocorr(double[] x, int lag)
    {
        var m = x.Average();
        var variance = Central(x, 2);
        if (variance <= 1e-8) return double.NaN;
        var pairs = Enumerable.Range(0, x.Length - lag).Select(t => (x[t] - m) * (x[t + lag] - m)).ToArray();
        return pairs.Average() / variance;
    }

    /// <summary>φ_kk as the last coefficient of the Yule–Walker system on adjusted autocovariances, by Gaussian elimination.</summary>
    public static double PartialAutocorr(double[] x, int lag)
    {
        var m = x.Average();
        double Gamma(int k) => Enumerable.Range(0, x.Length - k).Sum(t => (x[t] - m) * (x[t + k] - m)) / (x.Length - k);
        var a = new double[lag, lag + 1];
        for (var i = 0; i < lag; i++)
        {
            for (var j = 0; j < lag; j++) a[i, j] = Gamma(Math.Abs(i - j));
            a[i, lag] = Gamma(i + 1);
        }
        return Solve(a, lag)[lag - 1];
    }

    /// <summary>Gauss–Jordan with partial pivoting on an augmented n×(n+1) matrix.</summary>
    public static double[] Solve(double[,] a, int n)
    {
        for (var c = 0; c < n; c++)
        {
            var pivot = Enumerable.Range(c, n - c).MaxBy(r => Math.Abs(a[r, c]));
            for (var k = 0; k <= n; k++) (a[c, k], a[pivot, k]) = (a[pivot, k], a[c, k]);
            for (var r = 0; r < n; r++)
            {
                if (r == c) continue;
                var f = a[r, c] / a[c, c];
                for (var k = c; k <= n; k++) a[r, k] -= f * a[c, k];
            }
        }
        return [.. Enumerable.Range(0, n).Select(r => a[r, n] / a[r, r])];
    }

    public static double Quantile(double[] x, double q)
    {
        var s = x.OrderBy(v => v).ToArray();
        var h = (s.Length - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, s.Length - 1);
        return s[lo] + (h - lo) * (s[hi] - s[lo]);
    }

    /// <summary>Ordinary least squares of y on t = 0..n-1 from raw sums; stderr from the residuals.</summary>
    public static (double Slope, double Intercept, double R, double StdErr) Trend(double[] y)
    {
        double n = y.Length;
        var t = Enumerable.Range(0, y.Length).Select(i => (double)i).ToArray();
        double st = t.Sum(), stt = t.Sum(v => v * v), sy = y.Sum(), sty = t.Zip(y, (a, b) => a * b).Sum();
        var ym = y.Average();
        var syy = y.Sum(v => (v - ym) * (v - ym));
        var slope = (n * sty - st * sy) / (n * stt - st * st);
        var intercept = (sy - slope * st) / n;
        var sxx = t.Sum(v => (v - st / n) * (v - st / n));
        var r = slope * Math.Sqrt(sxx / syy);
        var residuals = y.Select((v, i) => v - intercept - slope * i).Sum(e => e * e);
        var stderr = Math.Sqrt(residuals / (n - 2) / sxx);
        return (slope, intercept, r, stderr);
    }
}
