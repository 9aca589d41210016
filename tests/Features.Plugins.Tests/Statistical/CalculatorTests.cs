using Features.Plugins.Tests.Harness;
using Features.Plugins.Tests.Reference;
using static Features.Plugins.Tests.Statistical.Check;

namespace Features.Plugins.Tests.Statistical;

/// <summary>The entropies and path calculators (tsfresh definitions) against hand-worked and naive values.</summary>
public sealed class CalculatorTests
{
    private static double[][] Templates(double[] x, int m) => [.. Enumerable.Range(0, x.Length - m + 1).Select(i => x[i..(i + m)])];

    private static double Chebyshev(double[] a, double[] b) => a.Zip(b, (u, v) => Math.Abs(u - v)).Max();

    private static double NaiveSampleEntropy(double[] x)
    {
        var r = 0.2 * Naive.Std(x, 0);
        double Count(int m)
        {
            var t = Templates(x, m);
            return t.SelectMany((a, i) => t.Where((b, j) => i != j && Chebyshev(a, b) <= r)).Count();
        }
        return -Math.Log(Count(3) / Count(2));
    }

    private static double NaiveApproximateEntropy(double[] x, int m, double rr)
    {
        var r = rr * Naive.Std(x, 0);
        double Phi(int k)
        {
            var t = Templates(x, k);
            return t.Average(a => Math.Log(t.Count(b => Chebyshev(a, b) <= r) / (double)t.Length));
        }
        return Math.Abs(Phi(m) - Phi(m + 1));
    }

    private static double NaivePermutationEntropy(double[] x, int tau, int d)
    {
        var patterns = new List<string>();
        for (var s = 0; s * tau + d <= x.Length; s++)
        {
            var w = x[(s * tau)..(s * tau + d)];
            // Stable sort by value: ties keep their order, so the earlier value gets the lower rank.
            var order = Enumerable.Range(0, d).OrderBy(i => w[i]).ToArray();
            var ranks = new int[d];
            for (var k = 0; k < d; k++) ranks[order[k]] = k;
            patterns.Add(string.Join(",", ranks));
        }
        return -patterns.GroupBy(p => p).Sum(g => (double)g.Count() / patterns.Count * Math.Log((double)g.Count() / patterns.Count));
    }

    [Fact]
    public void Sample_entropy_of_a_constant_window_is_ln_of_n_minus_1_over_n_minus_3()
    {
        // r = 0, every pair matches: B = 9·8, A = 8·7 → -ln(56/72) = ln(9/7) for 10 ones (STATISTICS.md §2.12).
        var output = KernelRunner.Run("statistical.sample_entropy", Naive.Bars([.. Enumerable.Repeat(1.0, 10)]), parameters: P(("input", "close"), ("window", 10L)));
        Last(output, "sample_entropy").ShouldBe(Math.Log(9.0 / 7), 1e-15);
    }

    [ReferenceFact]
    public void Entropies_of_log_returns_match_naive_template_counts()
    {
        var bars = ReferenceData.Quotes("default.csv");
        var r = Naive.LogReturns(bars);
        Column(KernelRunner.Run("statistical.sample_entropy", bars, parameters: P(("window", 30L))), "sample_entropy", Naive.Rolling(r, 30, NaiveSampleEntropy));
        Column(KernelRunner.Run("statistical.approximate_entropy", bars, parameters: P(("window", 30L), ("m", 2L), ("r", 0.5))), "approximate_entropy",
            Naive.Rolling(r, 30, w => NaiveApproximateEntropy(w, 2, 0.5)));
        foreach (var (tau, d) in new[] { (1, 3), (2, 4), (1, 5) })
        {
            Column(KernelRunner.Run("statistical.permutation_entropy", bars, parameters: P(("window", 40L), ("tau", (long)tau), ("dimension", (long)d))),
                "permutation_entropy", Naive.Rolling(r, 40, w => NaivePermutationEntropy(w, tau, d)));
        }
    }

    [Fact]
    public void Permutation_entropy_reproduces_tsfreshs_own_test_case_with_ties_ranked_by_position()
    {
        var output = KernelRunner.Run("statistical.permutation_entropy", Naive.Bars(1, -1, 1, -1, 1, 1, 1, -1),
            parameters: P(("input", "close"), ("window", 8L), ("tau", 1L), ("dimension", 3L)));
        Last(output, "permutation_entropy").ShouldBe(1.3296613488547582, 1e-15);
    }

    [Fact]
    public void Path_calculators_match_hand_worked_values()
    {
        static double Run(string key, double[] closes, params (string, object?)[] p) =>
            Last(KernelRunner.Run("statistical." + key, Naive.Bars(closes), parameters: P([("input", "close"), ("window", (long)closes.Length), .. p])), key);

        // c3, lag 1 on [1,2,3,4]: mean(3·2·1, 4·3·2) = 15.
        Run("c3", [1, 2, 3, 4], ("lag", 1L)).ShouldBe(15);
        // time reversal, lag 1 on [1,2,3,4]: mean(9·2 - 2·1, 16·3 - 3·4) = mean(16, 36) = 26.
        Run("time_reversal_asymmetry", [1, 2, 3, 4], ("lag", 1L)).ShouldBe(26);
        // cid_ce on [1,2,3,4,10]: √(1+1+1+36) = √39; normalised by σ = √10: √(39/10).
        Run("cid_ce", [1, 2, 3, 4, 10], ("normalize", false)).ShouldBe(Math.Sqrt(39), 1e-14);
        Run("cid_ce", [1, 2, 3, 4, 10], ("normalize", true)).ShouldBe(Math.Sqrt(3.9), 1e-14);
        Run("cid_ce", [2, 2, 2], ("normalize", true)).ShouldBe(0);
        // mean_abs_change on [1,2,3,4,10]: (1+1+1+6)/4.
        Run("mean_abs_change", [1, 2, 3, 4, 10]).ShouldBe(2.25);
        // number_peaks n=1 on [1,3,2,4,1]: 3 and 4; a plateau [1,3,3,1] has none.
        Run("number_peaks", [1, 3, 2, 4, 1], ("n", 1L)).ShouldBe(2);
        Run("number_peaks", [1, 3, 3, 1], ("n", 1L)).ShouldBe(0);
        // crossings of 10: 5→10→15 is one, 5→10→5 none (10 is not above 10).
        Run("number_crossing_m", [5, 10, 15], ("m", 10.0)).ShouldBe(1);
        Run("number_crossing_m", [5, 10, 5], ("m", 10.0)).ShouldBe(0);
        Run("number_crossing_m", [-1, 1, -1, 0, 1], ("m", 0.0)).ShouldBe(3);
        // ratio beyond 1σ on [1,2,3,4,10]: σ = √10 ≈ 3.16, only |10-4| = 6 exceeds it → 1/5.
        Run("ratio_beyond_r_sigma", [1, 2, 3, 4, 10], ("r", 1.0)).ShouldBe(0.2);
        Run("ratio_beyond_r_sigma", [3, 3, 3], ("r", 0.5)).ShouldBe(0);
    }

    [ReferenceFact]
    public void Path_calculators_match_naive_formulas_over_the_default_quotes()
    {
        var bars = ReferenceData.Quotes("default.csv");
        var r = Naive.LogReturns(bars);
        var close = Naive.Close(bars);
        const int n = 25;
        double[] D(double[] w) => [.. w.Skip(1).Select((v, i) => v - w[i])];

        Column(KernelRunner.Run("statistical.c3", bars, parameters: P(("window", (long)n), ("lag", 2L))), "c3",
            Naive.Rolling(r, n, w => Enumerable.Range(0, n - 4).Average(i => w[i + 4] * w[i + 2] * w[i])), 1e-18);
        Column(KernelRunner.Run("statistical.time_reversal_asymmetry", bars, parameters: P(("window", (long)n), ("lag", 3L))), "time_reversal_asymmetry",
            Naive.Rolling(r, n, w => Enumerable.Range(0, n - 6).Average(i => w[i + 6] * w[i + 6] * w[i + 3] - w[i + 3] * w[i] * w[i])), 1e-18);
        Column(KernelRunner.Run("statistical.cid_ce", bars, parameters: P(("window", (long)n))), "cid_ce",
            Naive.Rolling(close, n, w => { var m = w.Average(); var s = Naive.Std(w, 0); return Math.Sqrt(D([.. w.Select(v => (v - m) / s)]).Sum(d => d * d)); }));
        Column(KernelRunner.Run("statistical.mean_abs_change", bars, parameters: P(("window", (long)n))), "mean_abs_change",
            Naive.Rolling(close, n, w => D(w).Average(Math.Abs)));
        Column(KernelRunner.Run("statistical.number_peaks", bars, parameters: P(("window", (long)n), ("n", 2L))), "number_peaks",
            Naive.Rolling(close, n, w => Enumerable.Range(2, n - 4).Count(i => w[i] > w[i - 1] && w[i] > w[i - 2] && w[i] > w[i + 1] && w[i] > w[i + 2])));
        Column(KernelRunner.Run("statistical.number_crossing_m", bars, parameters: P(("window", (long)n))), "number_crossing_m",
            Naive.Rolling(r, n, w => Enumerable.Range(1, n - 1).Count(i => Math.Sign(w[i]) > 0 != Math.Sign(w[i - 1]) > 0)));
        Column(KernelRunner.Run("statistical.ratio_beyond_r_sigma", bars, parameters: P(("window", (long)n), ("r", 1.5))), "ratio_beyond_r_sigma",
            Naive.Rolling(r, n, w => w.Count(v => Math.Abs(v - w.Average()) > 1.5 * Naive.Std(w, 0)) / (double)n));
    }
}
