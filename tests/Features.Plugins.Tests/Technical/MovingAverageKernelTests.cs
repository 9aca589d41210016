using Features.Plugins.Tests.Harness;
using Features.Plugins.Tests.Reference;
using Features.PluginSdk;

namespace Features.Plugins.Tests.Technical;

/// <summary>
/// The running-sum kernels (WMA, HMA, EPMA, VWMA, KAMA) and ALMA against direct per-window formulas, on a
/// long series and with non-default parameters, so drift of the O(1) updates would show.
/// </summary>
public sealed class MovingAverageKernelTests
{
    private static Bar[] Long => ReferenceData.Quotes("longish.csv");

    private static double[] Closes(Bar[] bars) => [.. bars.Select(b => b.Close)];

    private static Dictionary<string, object?> Period(int period) => new() { ["period"] = (long)period };

    private static void ShouldMatch(string what, IReadOnlyList<object?> actual, double[] expected)
    {
        var boxed = expected.Select(v => double.IsNaN(v) ? null : (object?)v).ToList();
        Tolerance.Mismatches(what, actual, boxed).ShouldBeNull();
    }

    private static double[] DirectWma(double[] x, int n)
    {
        var result = new double[x.Length];
        var divisor = n * (n + 1) / 2.0;
        for (var i = 0; i < x.Length; i++)
        {
            if (i < n - 1 || double.IsNaN(x[i - n + 1])) { result[i] = double.NaN; continue; }
            double sum = 0;
            for (var j = 0; j < n; j++) sum += x[i - n + 1 + j] * (j + 1);
            result[i] = sum / divisor;
        }
        return result;
    }

    [ReferenceTheory]
    [InlineData(2)]
    [InlineData(14)]
    [InlineData(200)]
    public void Wma_matches_the_direct_weighted_mean(int period)
    {
        var bars = Long;
        var output = KernelRunner.Run("technical.wma", bars, 333, Period(period));
        ShouldMatch($"wma({period})", output["wma"], DirectWma(Closes(bars), period));
    }

    [ReferenceTheory]
    [InlineData(4)]
    [InlineData(14)]
    [InlineData(100)]
    public void Hma_matches_the_direct_definition(int period)
    {
        var bars = Long;
        var closes = Closes(bars);
        var full = DirectWma(closes, period);
        var half = DirectWma(closes, period / 2);
        var synthetic = closes.Select((_, i) => i < period - 1 ? double.NaN : 2 * half[i] - full[i]).ToArray();
        var expected = DirectWma(synthetic, (int)Math.Sqrt(period));
        var output = KernelRunner.Run("technical.hma", bars, 1000, Period(period));
        ShouldMatch($"hma({period})", output["hma"], expected);
    }

    [ReferenceTheory]
    [InlineData(2)]
    [InlineData(10)]
    [InlineData(250)]
    public void Epma_matches_a_two_pass_least_squares_fit(int period)
    {
        var bars = Long;
        var y = Closes(bars);
        var expected = new double[y.Length];
        for (var i = 0; i < y.Length; i++)
        {
            if (i < period - 1) { expected[i] = double.NaN; continue; }
            double meanX = (period + 1) / 2.0, meanY = 0;
            for (var j = 0; j < period; j++) meanY += y[i - period + 1 + j];
            meanY /= period;
            double sxx = 0, sxy = 0;
            for (var j = 0; j < period; j++)
            {
                var dx = j + 1 - meanX;
                sxx += dx * dx;
                sxy += dx * (y[i - period + 1 + j] - meanY);
            }
            expected[i] = meanY + sxy / sxx * (period - meanX);
        }
        var output = KernelRunner.Run("technical.epma", bars, 64, Period(period));
        ShouldMatch($"epma({period})", output["epma"], expected);
    }

    [ReferenceTheory]
    [InlineData(1)]
    [InlineData(30)]
    public void Vwma_matches_the_direct_ratio(int period)
    {
        var bars = Long;
        var expected = new double[bars.Length];
        for (var i = 0; i < bars.Length; i++)
        {
            if (i < period - 1) { expected[i] = double.NaN; continue; }
            double pv = 0, v = 0;
            for (var p = i - period + 1; p <= i; p++) { pv += bars[p].Close * bars[p].Volume; v += bars[p].Volume; }
            expected[i] = v != 0 ? pv / v : double.NaN;
        }
        var output = KernelRunner.Run("technical.vwma", bars, 500, Period(period));
        ShouldMatch($"vwma({period})", output["vwma"], expected);
    }

    [ReferenceFact]
    public void Kama_matches_the_direct_efficiency_ratio_with_other_parameters()
    {
        var bars = Long;
        var c = Closes(bars);
        const int erPeriod = 20, fast = 3, slow = 40;
        double scFast = 2.0 / (fast + 1), scSlow = 2.0 / (slow + 1);
        var er = new double[c.Length];
        var kama = new double[c.Length];
        for (var i = 0; i < c.Length; i++)
        {
            if (i < erPeriod - 1) { er[i] = kama[i] = double.NaN; continue; }
            if (i == erPeriod - 1) { er[i] = double.NaN; kama[i] = c[i]; continue; }
            double volatility = 0;
            for (var p = i - erPeriod + 1; p <= i; p++) volatility += Math.Abs(c[p] - c[p - 1]);
            if (volatility == 0) { er[i] = 0; kama[i] = c[i]; continue; }
            er[i] = Math.Abs(c[i] - c[i - erPeriod]) / volatility;
            var sc = er[i] * (scFast - scSlow) + scSlow;
            kama[i] = kama[i - 1] + sc * sc * (c[i] - kama[i - 1]);
        }
        var output = KernelRunner.Run("technical.kama", bars, 77,
            new Dictionary<string, object?> { ["er_period"] = (long)erPeriod, ["fast_period"] = (long)fast, ["slow_period"] = (long)slow });
        ShouldMatch("kama.er", output["er"], er);
        ShouldMatch("kama.kama", output["kama"], kama);
    }

    [ReferenceFact]
    public void Kama_on_a_flat_stretch_reports_zero_efficiency_and_follows_the_close()
    {
        var bars = ReferenceData.Quotes("default.csv")[..40];
        var flat = bars.Select((b, i) => i is >= 10 and < 30 ? b with { Close = 100 } : b).ToArray();
        var output = KernelRunner.Run("technical.kama", flat);
        for (var i = 20; i < 30; i++)
        {
            output["er"][i].ShouldBe(0.0);
            output["kama"][i].ShouldBe(100.0);
        }
    }

    [ReferenceFact]
    public void Alma_with_other_parameters_matches_the_gaussian_window()
    {
        var bars = Long;
        var c = Closes(bars);
        const int period = 21;
        const double offset = 0.5, sigma = 4;
        double m = offset * (period - 1), s = period / sigma;
        var w = Enumerable.Range(0, period).Select(j => Math.Exp(-((j - m) * (j - m)) / (2 * s * s))).ToArray();
        var norm = w.Sum();
        var expected = c.Select((_, i) => i < period - 1 ? double.NaN : Enumerable.Range(0, period).Sum(j => w[j] * c[i - period + 1 + j]) / norm).ToArray();
        var output = KernelRunner.Run("technical.alma", bars, 100,
            new Dictionary<string, object?> { ["period"] = (long)period, ["offset"] = offset, ["sigma"] = sigma });
        ShouldMatch("alma", output["alma"], expected);
    }
}
