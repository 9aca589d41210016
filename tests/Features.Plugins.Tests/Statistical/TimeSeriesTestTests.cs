using Features.Plugins.Tests.Harness;
using Features.Plugins.Tests.Reference;
using static Features.Plugins.Tests.Statistical.Check;

namespace Features.Plugins.Tests.Statistical;

/// <summary>variance_ratio, adf, fracdiff and cusum against hand-worked cases and naive formulas.</summary>
public sealed class TimeSeriesTestTests
{
    [Fact]
    public void Variance_ratio_of_a_perfectly_alternating_series_is_zero()
    {
        // r = [1,-1,1,-1], q = 2: every 2-sum is 0 → VR = 0; z = -1/√(2·3·1/(3·2·4)) = -2;
        // δ_1 = 4·3/(4²) = 0.75, θ = 1·0.75 → z* = -1/√0.75.
        var output = KernelRunner.Run("statistical.variance_ratio", Naive.Bars(1, -1, 1, -1), parameters: P(("input", "close"), ("window", 4L), ("lag", 2L)));
        Last(output, "variance_ratio").ShouldBe(0, 1e-15);
        Last(output, "z").ShouldBe(-2, 1e-14);
        Last(output, "z_robust").ShouldBe(-1 / Math.Sqrt(0.75), 1e-14);
    }

    [ReferenceFact]
    public void Variance_ratio_matches_the_lo_mackinlay_formulas_on_log_returns()
    {
        var bars = ReferenceData.Quotes("default.csv");
        var r = Naive.LogReturns(bars);
        const int n = 60, q = 5;
        object?[] Expected(Func<double[], double> f) => Naive.Rolling(r, n, f);
        double Vr(double[] w)
        {
            var mu = w.Average();
            var varA = w.Sum(v => (v - mu) * (v - mu)) / (n - 1);
            var m = q * (n - q + 1) * (1 - (double)q / n);
            var varC = Enumerable.Range(q - 1, n - q + 1).Sum(t => Math.Pow(w[(t - q + 1)..(t + 1)].Sum() - q * mu, 2)) / m;
            return varC / varA;
        }
        double Robust(double[] w)
        {
            var mu = w.Average();
            var dev2 = w.Select(v => (v - mu) * (v - mu)).ToArray();
            var theta = Enumerable.Range(1, q - 1).Sum(j =>
                Math.Pow(2.0 * (q - j) / q, 2) * n * Enumerable.Range(j, n - j).Sum(t => dev2[t] * dev2[t - j]) / Math.Pow(dev2.Sum(), 2));
            return (Vr(w) - 1) / Math.Sqrt(theta);
        }
        var output = KernelRunner.Run("statistical.variance_ratio", bars, parameters: P(("window", (long)n), ("lag", (long)q)));
        Column(output, "variance_ratio", Expected(Vr));
        Column(output, "z", Expected(w => (Vr(w) - 1) / Math.Sqrt(2.0 * (2 * q - 1) * (q - 1) / (3.0 * q * n))));
        Column(output, "z_robust", Expected(Robust));
    }

    /// <summary>Φ by Simpson integration of the density from -12 (a different route from the plugin's series).</summary>
    private static double Phi(double z)
    {
        const int steps = 20_000;
        var a = -12.0;
        var h = (z - a) / steps;
        double F(double u) => Math.Exp(-u * u / 2) / Math.Sqrt(2 * Math.PI);
        var s = F(a) + F(z);
        for (var i = 1; i < steps; i++) s += (i % 2 == 1 ? 4 : 2) * F(a + i * h);
        return s * h / 3;
    }

    private static double NaiveAdf(double[] x, int p)
    {
        // Normal equations (X'X)β = X'y solved by Gauss–Jordan; Var(β) = σ²(X'X)⁻¹.
        var rows = Enumerable.Range(p + 1, x.Length - p - 1).ToArray();
        var k = p + 2;
        double[] Regressors(int i) => [x[i - 1], .. Enumerable.Range(1, p).Select(l => x[i - l] - x[i - l - 1]), 1.0];
        var X = rows.Select(Regressors).ToArray();
        var y = rows.Select(i => x[i] - x[i - 1]).ToArray();
        double[] SolveWith(Func<int, double> rhs)
        {
            var a = new double[k, k + 1];
            for (var r = 0; r < k; r++)
            {
                for (var c = 0; c < k; c++) a[r, c] = X.Sum(row => row[r] * row[c]);
                a[r, k] = rhs(r);
            }
            return Naive.Solve(a, k);
        }
        var beta = SolveWith(r => X.Select((row, t) => row[r] * y[t]).Sum());
        var ssr = X.Select((row, t) => y[t] - row.Zip(beta, (u, b) => u * b).Sum()).Sum(e => e * e);
        var inverse00 = SolveWith(r => r == 0 ? 1 : 0)[0];
        return beta[0] / Math.Sqrt(inverse00 * ssr / (rows.Length - k));
    }

    [ReferenceFact]
    public void Adf_statistic_matches_an_ols_by_normal_equations_and_the_p_value_follows_mackinnon()
    {
        var bars = ReferenceData.Quotes("default.csv");
        var close = Naive.Close(bars);
        foreach (var p in new[] { 0, 2 })
        {
            var output = KernelRunner.Run("statistical.adf", bars, parameters: P(("window", 60L), ("maxlag", (long)p)));
            Column(output, "adf_stat", Naive.Rolling(close, 60, w => NaiveAdf(w, p)));
            var expectedP = output["adf_stat"].Select(v => v is double tau
                ? (object?)Phi(tau <= -1.61 ? 2.1659 + 1.4412 * tau + 0.038269 * tau * tau : 1.7339 + 0.93202 * tau - 0.12745 * tau * tau - 0.010368 * tau * tau * tau)
                : null).ToArray();
            Tolerance.Mismatches("p_value", output["p_value"], expectedP, 1e-9, 1e-12).ShouldBeNull();
        }
    }

    [Fact]
    public void Adf_of_a_constant_window_is_null()
    {
        var output = KernelRunner.Run("statistical.adf", Naive.Bars([.. Enumerable.Repeat(5.0, 12)]), parameters: P(("window", 10L), ("maxlag", 1L)));
        output["adf_stat"].ShouldAllBe(v => v == null);
    }

    [ReferenceFact]
    public void Fracdiff_of_order_one_is_the_first_difference_and_of_order_zero_the_input()
    {
        var bars = ReferenceData.Quotes("default.csv");
        var close = Naive.Close(bars);
        Column(KernelRunner.Run("statistical.fracdiff", bars, parameters: P(("d", 1.0))), "fracdiff", Naive.Rolling(close, 2, w => w[1] - w[0]));
        Column(KernelRunner.Run("statistical.fracdiff", bars, parameters: P(("d", 0.0))), "fracdiff", [.. close.Select(c => (object?)c)]);
    }

    [ReferenceFact]
    public void Fracdiff_weights_are_the_binomial_series_cut_at_the_threshold()
    {
        // w_k = (-1)^k·C(d, k) = (-1)^k·d(d-1)…(d-k+1)/k!; d = 0.5: 1, -0.5, -0.125, -0.0625, …
        const double d = 0.5, threshold = 1e-3;
        var weights = new List<double>();
        for (var k = 0; ; k++)
        {
            var c = 1.0;
            for (var i = 0; i < k; i++) c *= (d - i) / (i + 1);
            var w = k % 2 == 0 ? c : -c;
            if (k > 0 && Math.Abs(w) < threshold) break;
            weights.Add(w);
        }
        weights.Take(4).ShouldBe([1, -0.5, -0.125, -0.0625]);
        var bars = ReferenceData.Quotes("default.csv");
        var close = Naive.Close(bars);
        var output = KernelRunner.Run("statistical.fracdiff", bars, parameters: P(("d", d), ("threshold", threshold)));
        Column(output, "fracdiff", Naive.Rolling(close, weights.Count, w => weights.Select((c, k) => c * w[^(k + 1)]).Sum()));
        PluginPacks.Get("statistical.fracdiff").Plugin.WarmupBars(KernelRunner.Parameters(PluginPacks.Get("statistical.fracdiff").Plugin,
            P(("d", d), ("threshold", threshold)))).ShouldBe(weights.Count - 1);
    }

    [Fact]
    public void Cusum_flags_hand_worked_crossings_and_resets()
    {
        // y = .01, .01, -.005, -.03, .02 with h = .015:
        // S+ .01 → .02 (> h: +1, reset) → 0 → 0 → .02 (+1); S- 0 → 0 → -.005 → -.035 (< -h: -1, reset) → 0.
        var output = KernelRunner.Run("statistical.cusum", Naive.Bars(0.01, 0.01, -0.005, -0.03, 0.02), parameters: P(("input", "close"), ("h", 0.015)));
        output["event"].ShouldBe([0.0, 1.0, 0.0, -1.0, 1.0]);
        output["s_pos"].Cast<double>().ToArray().ShouldBe([0.01, 0, 0, 0, 0], 1e-15);
        output["s_neg"].Cast<double>().ToArray().ShouldBe([0, 0, -0.005, 0, 0], 1e-15);
    }

    [ReferenceFact]
    public void Cusum_on_log_returns_matches_a_direct_replay_of_the_filter()
    {
        var bars = ReferenceData.Quotes("spx.csv");
        var r = Naive.LogReturns(bars);
        var output = KernelRunner.Run("statistical.cusum", bars, parameters: P(("h", 0.03)));
        double pos = 0, neg = 0;
        var events = new object?[r.Length];
        for (var t = 0; t < r.Length; t++)
        {
            if (double.IsNaN(r[t])) continue;
            pos = Math.Max(0, pos + r[t]);
            neg = Math.Min(0, neg + r[t]);
            events[t] = neg < -0.03 ? -1.0 : pos > 0.03 ? 1.0 : 0.0;
            if (neg < -0.03) neg = 0; else if (pos > 0.03) pos = 0;
        }
        Tolerance.Mismatches("event", output["event"], events, 0, 0).ShouldBeNull();
        events.Count(e => e is 1.0).ShouldBeGreaterThan(10);
    }
}
