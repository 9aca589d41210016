using Features.PluginSdk;

namespace Features.Plugins.Tests.Statistical;

/// <summary>
/// Alpha158 written straight from Qlib's expressions, O(d) per bar: every operator re-reads its window
/// (pandas rolling(d, min_periods=1): the last min(d, t+1) bars, nulls skipped) and uses two-pass formulas, sorting and
/// LINQ rather than the kernel's merged moments, deques and sorted window. Intermediate ±∞ counts as null and an
/// output ±∞ is null, as the plugin documents.
/// </summary>
public static class Alpha158Reference
{
    public static readonly string[] Operators =
    [
        "roc", "ma", "std", "beta", "rsqr", "resi", "max", "min", "qtlu", "qtld", "rank", "rsv", "imax", "imin", "imxd",
        "corr", "cord", "cntp", "cntn", "cntd", "sump", "sumn", "sumd", "vma", "vstd", "wvma", "vsump", "vsumn", "vsumd",
    ];

    public static readonly string[] Kbar = ["kmid", "klen", "kmid2", "kup", "kup2", "klow", "klow2", "ksft", "ksft2"];

    public static readonly string[] Price = ["open0", "high0", "low0", "vwap0"];

    /// <summary>Qlib's names, lower case, in its order: kbar, price, then each operator for every window.</summary>
    public static List<string> Names(int[] windows) => [.. Kbar, .. Price, .. Operators.SelectMany(op => windows.Select(d => op + d))];

    private const double Eps = 1e-12;

    private static double F(double v) => double.IsFinite(v) ? v : double.NaN;

    private static double[] Map(int n, Func<int, double> f) => [.. Enumerable.Range(0, n).Select(i => F(f(i)))];

    private static double Ref(double[] x, int t, int d) => t - d >= 0 ? x[t - d] : double.NaN;

    /// <summary>np.maximum / np.minimum: null if either side is.</summary>
    private static double Greater(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b);

    private static double Less(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Min(a, b);

    /// <summary>The window of bar t: (position in the window from 1, value) for the last min(d, t+1) bars.</summary>
    private static (int Pos, double Value)[] Window(double[] x, int t, int d)
    {
        var start = Math.Max(0, t - d + 1);
        return [.. Enumerable.Range(start, t - start + 1).Select(i => (i - start + 1, x[i]))];
    }

    private static double[] Valid(double[] x, int t, int d) => [.. Window(x, t, d).Select(p => p.Value).Where(v => !double.IsNaN(v))];

    private static double Sum(double[] x, int t, int d) => Valid(x, t, d) is { Length: > 0 } w ? w.Sum() : double.NaN;

    private static double Mean(double[] x, int t, int d) => Valid(x, t, d) is { Length: > 0 } w ? w.Average() : double.NaN;

    private static double Std(double[] x, int t, int d)
    {
        var w = Valid(x, t, d);
        if (w.Length < 2) return double.NaN;
        var m = w.Average();
        return Math.Sqrt(w.Sum(v => (v - m) * (v - m)) / (w.Length - 1));
    }

    private static double Max(double[] x, int t, int d) => Valid(x, t, d) is { Length: > 0 } w ? w.Max() : double.NaN;

    private static double Min(double[] x, int t, int d) => Valid(x, t, d) is { Length: > 0 } w ? w.Min() : double.NaN;

    /// <summary>1-based position of the first maximum (minimum with <paramref name="sign"/> -1), nulls skipped.</summary>
    private static double IdxExtreme(double[] x, int t, int d, int sign)
    {
        var w = Window(x, t, d).Where(p => !double.IsNaN(p.Value)).ToArray();
        if (w.Length == 0) return double.NaN;
        var best = w.Max(p => sign * p.Value);
        return w.First(p => sign * p.Value == best).Pos;
    }

    private static double Quantile(double[] x, int t, int d, double q)
    {
        var s = Valid(x, t, d).OrderBy(v => v).ToArray();
        if (s.Length == 0) return double.NaN;
        var h = q * (s.Length - 1);
        var lo = (int)Math.Floor(h);
        return lo + 1 < s.Length ? s[lo] + (s[lo + 1] - s[lo]) * (h - lo) : s[lo];
    }

    /// <summary>scipy percentileofscore(kind='rank')/100 of the newest value: the mean of its tied ranks over n.</summary>
    private static double Rank(double[] x, int t, int d)
    {
        if (double.IsNaN(x[t])) return double.NaN;
        var sorted = Valid(x, t, d).OrderBy(v => v).ToArray();
        var ranks = Enumerable.Range(1, sorted.Length).Where(r => sorted[r - 1] == x[t]).ToArray();
        return ranks.Average() / sorted.Length;
    }

    /// <summary>Regression of the non-null values on their positions in the window: slope, R², residual of the newest.</summary>
    private static (double Slope, double R2, double Resi) Regression(double[] y, int t, int d)
    {
        var w = Window(y, t, d).Where(p => !double.IsNaN(p.Value)).ToArray();
        if (w.Length < 2) return (double.NaN, double.NaN, double.NaN);
        var mx = w.Average(p => (double)p.Pos);
        var my = w.Average(p => p.Value);
        var sxx = w.Sum(p => (p.Pos - mx) * (p.Pos - mx));
        var syy = w.Sum(p => (p.Value - my) * (p.Value - my));
        var sxy = w.Sum(p => (p.Pos - mx) * (p.Value - my));
        var slope = sxy / sxx;
        var newest = Window(y, t, d)[^1].Pos;
        return (slope, sxy * sxy / (sxx * syy), y[t] - (my + slope * (newest - mx)));
    }

    private static bool Flat(double std) => Math.Abs(std) <= 2e-5;

    /// <summary>pandas rolling corr over the pairs where both are non-null; Qlib nulls it where either side's own rolling std is ≤ 2e-5.</summary>
    private static double Corr(double[] x, double[] y, int t, int d)
    {
        if (Flat(Std(x, t, d)) || Flat(Std(y, t, d))) return double.NaN;
        var start = Math.Max(0, t - d + 1);
        var pairs = Enumerable.Range(start, t - start + 1).Where(i => !double.IsNaN(x[i]) && !double.IsNaN(y[i])).Select(i => (X: x[i], Y: y[i])).ToArray();
        if (pairs.Length < 2) return double.NaN;
        var mx = pairs.Average(p => p.X);
        var my = pairs.Average(p => p.Y);
        return pairs.Sum(p => (p.X - mx) * (p.Y - my)) / Math.Sqrt(pairs.Sum(p => (p.X - mx) * (p.X - mx)) * pairs.Sum(p => (p.Y - my) * (p.Y - my)));
    }

    /// <summary>Every column for <paramref name="windows"/>, vwap = (high+low+close)/3.</summary>
    public static Dictionary<string, double[]> Compute(IReadOnlyList<Bar> bars, int[] windows)
    {
        var n = bars.Count;
        var o = bars.Select(b => b.Open).ToArray();
        var h = bars.Select(b => b.High).ToArray();
        var l = bars.Select(b => b.Low).ToArray();
        var c = bars.Select(b => b.Close).ToArray();
        var v = bars.Select(b => b.Volume).ToArray();
        var columns = new Dictionary<string, double[]>
        {
            ["kmid"] = Map(n, i => (c[i] - o[i]) / o[i]),
            ["klen"] = Map(n, i => (h[i] - l[i]) / o[i]),
            ["kmid2"] = Map(n, i => (c[i] - o[i]) / (h[i] - l[i] + Eps)),
            ["kup"] = Map(n, i => (h[i] - Greater(o[i], c[i])) / o[i]),
            ["kup2"] = Map(n, i => (h[i] - Greater(o[i], c[i])) / (h[i] - l[i] + Eps)),
            ["klow"] = Map(n, i => (Less(o[i], c[i]) - l[i]) / o[i]),
            ["klow2"] = Map(n, i => (Less(o[i], c[i]) - l[i]) / (h[i] - l[i] + Eps)),
            ["ksft"] = Map(n, i => (2 * c[i] - h[i] - l[i]) / o[i]),
            ["ksft2"] = Map(n, i => (2 * c[i] - h[i] - l[i]) / (h[i] - l[i] + Eps)),
            ["open0"] = Map(n, i => o[i] / c[i]),
            ["high0"] = Map(n, i => h[i] / c[i]),
            ["low0"] = Map(n, i => l[i] / c[i]),
            ["vwap0"] = Map(n, i => (h[i] + l[i] + c[i]) / 3 / c[i]),
        };

        // The series inside Qlib's rolling expressions, Ref($x, 1) null at the first bar.
        var ret = Map(n, i => c[i] / Ref(c, i, 1));
        var logVolume = Map(n, i => Math.Log(v[i] + 1));
        var logVolumeRatio = Map(n, i => Math.Log(v[i] / Ref(v, i, 1) + 1));
        var up = Map(n, i => c[i] > Ref(c, i, 1) ? 1 : 0);
        var down = Map(n, i => c[i] < Ref(c, i, 1) ? 1 : 0);
        var gain = Map(n, i => Greater(c[i] - Ref(c, i, 1), 0));
        var loss = Map(n, i => Greater(Ref(c, i, 1) - c[i], 0));
        var absMove = Map(n, i => Math.Abs(c[i] - Ref(c, i, 1)));
        var weighted = Map(n, i => Math.Abs(c[i] / Ref(c, i, 1) - 1) * v[i]);
        var volumeGain = Map(n, i => Greater(v[i] - Ref(v, i, 1), 0));
        var volumeLoss = Map(n, i => Greater(Ref(v, i, 1) - v[i], 0));
        var volumeAbs = Map(n, i => Math.Abs(v[i] - Ref(v, i, 1)));

        foreach (var d in windows)
        {
            double[] Col(Func<int, double> f) => Map(n, f);
            var regression = Enumerable.Range(0, n).Select(t => Regression(c, t, d)).ToArray();
            columns["roc" + d] = Col(t => Ref(c, t, d) / c[t]);
            columns["ma" + d] = Col(t => Mean(c, t, d) / c[t]);
            columns["std" + d] = Col(t => Std(c, t, d) / c[t]);
            columns["beta" + d] = Col(t => regression[t].Slope / c[t]);
            columns["rsqr" + d] = Col(t => Flat(Std(c, t, d)) ? double.NaN : regression[t].R2);
            columns["resi" + d] = Col(t => regression[t].Resi / c[t]);
            columns["max" + d] = Col(t => Max(h, t, d) / c[t]);
            columns["min" + d] = Col(t => Min(l, t, d) / c[t]);
            columns["qtlu" + d] = Col(t => Quantile(c, t, d, 0.8) / c[t]);
            columns["qtld" + d] = Col(t => Quantile(c, t, d, 0.2) / c[t]);
            columns["rank" + d] = Col(t => Rank(c, t, d));
            columns["rsv" + d] = Col(t => (c[t] - Min(l, t, d)) / (Max(h, t, d) - Min(l, t, d) + Eps));
            columns["imax" + d] = Col(t => IdxExtreme(h, t, d, 1) / d);
            columns["imin" + d] = Col(t => IdxExtreme(l, t, d, -1) / d);
            columns["imxd" + d] = Col(t => (IdxExtreme(h, t, d, 1) - IdxExtreme(l, t, d, -1)) / d);
            columns["corr" + d] = Col(t => Corr(c, logVolume, t, d));
            columns["cord" + d] = Col(t => Corr(ret, logVolumeRatio, t, d));
            columns["cntp" + d] = Col(t => Mean(up, t, d));
            columns["cntn" + d] = Col(t => Mean(down, t, d));
            columns["cntd" + d] = Col(t => Mean(up, t, d) - Mean(down, t, d));
            columns["sump" + d] = Col(t => Sum(gain, t, d) / (Sum(absMove, t, d) + Eps));
            columns["sumn" + d] = Col(t => Sum(loss, t, d) / (Sum(absMove, t, d) + Eps));
            columns["sumd" + d] = Col(t => (Sum(gain, t, d) - Sum(loss, t, d)) / (Sum(absMove, t, d) + Eps));
            columns["vma" + d] = Col(t => Mean(v, t, d) / (v[t] + Eps));
            columns["vstd" + d] = Col(t => Std(v, t, d) / (v[t] + Eps));
            columns["wvma" + d] = Col(t => Std(weighted, t, d) / (Mean(weighted, t, d) + Eps));
            columns["vsump" + d] = Col(t => Sum(volumeGain, t, d) / (Sum(volumeAbs, t, d) + Eps));
            columns["vsumn" + d] = Col(t => Sum(volumeLoss, t, d) / (Sum(volumeAbs, t, d) + Eps));
            columns["vsumd" + d] = Col(t => (Sum(volumeGain, t, d) - Sum(volumeLoss, t, d)) / (Sum(volumeAbs, t, d) + Eps));
        }
        return columns;
    }

    /// <summary>
    /// 2,000 daily bars: a random walk with flat stretches (every price equal for 40 bars, twice), a gap in the volume
    /// (NaN for 5 bars), a zero-volume run of 30 bars and a repeated volume; deterministic.
    /// </summary>
    public static Bar[] Synthetic()
    {
        var random = new Random(158);
        var bars = new Bar[2000];
        var close = 100.0;
        for (var i = 0; i < bars.Length; i++)
        {
            var flat = i is >= 300 and < 340 or >= 1200 and < 1240;
            var open = flat ? close : close * (1 + 0.01 * (random.NextDouble() - 0.5));
            if (!flat) close *= Math.Exp(0.02 * (random.NextDouble() - 0.5));
            var high = flat ? close : Math.Max(open, close) * (1 + 0.01 * random.NextDouble());
            var low = flat ? close : Math.Min(open, close) * (1 - 0.01 * random.NextDouble());
            double volume = i switch
            {
                >= 700 and < 705 => double.NaN,
                >= 900 and < 930 => 0,
                >= 1500 and < 1520 => 5_000,
                _ => Math.Round(1e6 * (0.5 + random.NextDouble())),
            };
            bars[i] = new Bar(1_483_401_600_000_000L + i * 86_400_000_000L, open, high, low, close, volume);
        }
        return bars;
    }
}
