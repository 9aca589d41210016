namespace Features.Plugins.Statistical.Hurst;

/// <summary>
/// Rescaled-range (R/S) Hurst exponent of one window, the Stock.Indicators way: the window is cut into
/// 1, 2, 4, ... 32 equal chunks (no chunk shorter than 8; leading values that do not fill a chunk are
/// skipped), the mean R/S per chunk size (R = range of the cumulative deviations, S = population std,
/// R/S = 0 when S = 0) is regressed on the chunk size in log10; H is the slope. The Anis–Lloyd variant
/// adds √(πn/2) - E[R/S](n) to each average first, E[R/S](n) = Γ((n-1)/2)/(√π·Γ(n/2))·Σ_{j&lt;n}√((n-j)/j)
/// (√(2/(π(n-1))) for the gamma factor when n &gt; 340).
/// </summary>
internal sealed class RescaledRange
{
    private readonly int _sets;
    private readonly double[] _corrections;
    private readonly double[] _logSize;
    private readonly double[] _logRs;
    private readonly double[] _logRsCorrected;

    public RescaledRange(int size)
    {
        for (var chunks = 1; chunks <= 32 && size / chunks >= 8; chunks *= 2) _sets++;
        _corrections = new double[_sets];
        _logSize = new double[_sets];
        _logRs = new double[_sets];
        _logRsCorrected = new double[_sets];
        for (var s = 0; s < _sets; s++)
        {
            var n = size >> s;
            _corrections[s] = Math.Sqrt(Math.PI * n / 2.0) - ExpectedRescaledRange(n);
            _logSize[s] = Math.Log10(n);
        }
    }

    public (double Raw, double AnisLloyd) Exponents(ReadOnlySpan<double> values)
    {
        var size = values.Length;
        for (var s = 0; s < _sets; s++)
        {
            var chunks = 1 << s;
            var chunkSize = size / chunks;
            var start = size - chunkSize * chunks;
            var sumRs = 0.0;
            for (var c = 0; c < chunks; c++, start += chunkSize)
            {
                var chunk = values.Slice(start, chunkSize);
                var sum = 0.0;
                foreach (var v in chunk) sum += v;
                var mean = sum / chunkSize;
                double cumulative = 0, max = double.MinValue, min = double.MaxValue, squares = 0;
                foreach (var v in chunk)
                {
                    var y = v - mean;
                    cumulative += y;
                    min = Math.Min(min, cumulative);
                    max = Math.Max(max, cumulative);
                    squares += y * y;
                }
                var sd = Math.Sqrt(squares / chunkSize);
                sumRs += sd != 0 ? (max - min) / sd : 0;
            }
            var average = sumRs / chunks;
            var corrected = average + _corrections[s];
            _logRs[s] = Math.Log10(average);
            _logRsCorrected[s] = corrected > 0 ? Math.Log10(corrected) : double.NaN;
        }
        return (Slope(_logSize, _logRs), Slope(_logSize, _logRsCorrected));
    }

    private static double Slope(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double mx = 0, my = 0;
        for (var i = 0; i < x.Length; i++)
        {
            mx += x[i];
            my += y[i];
        }
        mx /= x.Length;
        my /= x.Length;
        double sxx = 0, sxy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        return sxx != 0 ? sxy / sxx : double.NaN;
    }

    /// <summary>Anis–Lloyd expected R/S of n independent normal values.</summary>
    internal static double ExpectedRescaledRange(int n)
    {
        var sum = 0.0;
        for (var j = 1; j < n; j++) sum += Math.Sqrt((double)(n - j) / j);
        return GammaFactor(n) * sum;
    }

    /// <summary>Γ((n-1)/2)/(√π·Γ(n/2)) by the exact recurrence r(n) = r(n-2)·(n-3)/(n-2); the Stirling form above 340.</summary>
    private static double GammaFactor(int n)
    {
        if (n > 340) return Math.Sqrt(2.0 / (Math.PI * (n - 1.0)));
        // r(2) = Γ(1/2)/Γ(1) = √π, r(3) = Γ(1)/Γ(3/2) = 2/√π.
        var ratio = n % 2 == 0 ? Math.Sqrt(Math.PI) : 2 / Math.Sqrt(Math.PI);
        for (var k = n % 2 == 0 ? 4 : 5; k <= n; k += 2) ratio *= (k - 3.0) / (k - 2.0);
        return ratio / Math.Sqrt(Math.PI);
    }
}
