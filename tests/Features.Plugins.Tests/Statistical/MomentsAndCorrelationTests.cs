using Features.Plugins.Tests.Harness;
using Features.Plugins.Tests.Reference;
using static Features.Plugins.Tests.Statistical.Check;

namespace Features.Plugins.Tests.Statistical;

/// <summary>rolling_moments, zscore, autocorr, partial_autocorr, quantile and linear_trend against first principles.</summary>
public sealed class MomentsAndCorrelationTests
{
    private static readonly double[] Small = [1, 2, 3, 4, 10];

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(20)]
    [InlineData(33)]
    public void Rolling_moments_are_bit_identical_four_windows_at_a_time_and_one_at_a_time(int window)
    {
        // Batches of 1 take the one-window path; one batch takes the four-windows-per-vector path wherever four
        // consecutive windows are usable. The series mixes what each path must treat alike: prices far from zero,
        // flat stretches (cut-off to exact zeros), a null, values near 1e-160 (M2² underflows: the rare branch) and 1e+100.
        var rng = new Random(window);
        var closes = new List<double>();
        var price = 100.0;
        for (var i = 0; i < 400; i++) closes.Add(price *= Math.Exp(0.01 * (rng.NextDouble() - 0.5)));
        closes.AddRange(Enumerable.Repeat(price, 50));
        closes.Add(double.NaN);
        for (var i = 0; i < 80; i++) closes.Add(1e-160 * (1 + rng.NextDouble()));
        for (var i = 0; i < 80; i++) closes.Add(1e100 * (1 + rng.NextDouble()));
        for (var i = 0; i < 80; i++) closes.Add(rng.NextDouble() - 0.5);
        var bars = Naive.Bars([.. closes]);
        var parameters = P(("input", "close"), ("window", (long)window), ("ddof", 1L));

        var fourAtATime = KernelRunner.Run("statistical.rolling_moments", bars, parameters: parameters);
        var oneAtATime = KernelRunner.Run("statistical.rolling_moments", bars, 1, parameters);

        foreach (var column in new[] { "mean", "std", "skew", "kurt" })
        {
            Tolerance.Mismatches(column, fourAtATime[column], oneAtATime[column], 0, 0).ShouldBeNull();
            fourAtATime[column].Count(v => v is not null).ShouldBeGreaterThan(closes.Count / 2, column);
        }
        // On the flat stretch the shape statistics really were cut off to exact zeros, the way pandas 3 reports them
        // (the mean of n equal prices need not be that price to the last bit, so std is only nearly 0).
        var flat = 400 + 49;
        ((double)fourAtATime["std"][flat]!).ShouldBeLessThan(1e-12 * price);
        fourAtATime["skew"][flat].ShouldBe(0.0);
        fourAtATime["kurt"][flat].ShouldBe(0.0);
    }

    [Fact]
    public void Rolling_moments_match_hand_worked_pandas_values()
    {
        // μ = 4, deviations -3,-2,-1,0,6: M2 = 50, M3 = 180, M4 = 1394.
        // G1 = 5·√4/3 · 180/50^1.5 = 1.2·√2; G2 = 5·6·4·1394/(3·2·2500) - 3·16/6 = 3.152.
        var output = KernelRunner.Run("statistical.rolling_moments", Naive.Bars(Small), parameters: P(("input", "close"), ("window", 5L)));
        Last(output, "mean").ShouldBe(4, 1e-15);
        Last(output, "std").ShouldBe(Math.Sqrt(10), 1e-14);
        Last(output, "skew").ShouldBe(1.2 * Math.Sqrt(2), 1e-14);
        Last(output, "kurt").ShouldBe(3.152, 1e-13);
        output["mean"].Take(4).ShouldAllBe(v => v == null);
    }

    [Fact]
    public void Constant_window_gives_zero_std_skew_and_kurt()
    {
        var output = KernelRunner.Run("statistical.rolling_moments", Naive.Bars(5, 5, 5, 5, 5, 5), parameters: P(("input", "close"), ("window", 5L)));
        Last(output, "std").ShouldBe(0);
        Last(output, "skew").ShouldBe(0);
        Last(output, "kurt").ShouldBe(0);
    }

    [ReferenceTheory]
    [InlineData("default.csv", 0)]
    [InlineData("default.csv", 1)]
    [InlineData("spx.csv", 1)]
    public void Rolling_moments_of_log_returns_match_the_naive_definitions(string file, int ddof)
    {
        var bars = ReferenceData.Quotes(file);
        var r = Naive.LogReturns(bars);
        var output = KernelRunner.Run("statistical.rolling_moments", bars, parameters: P(("window", 30L), ("ddof", (long)ddof)));
        Column(output, "mean", Naive.Rolling(r, 30, Naive.Mean), 1e-15);
        Column(output, "std", Naive.Rolling(r, 30, w => Naive.Std(w, ddof)));
        Column(output, "skew", Naive.Rolling(r, 30, Naive.Skew));
        Column(output, "kurt", Naive.Rolling(r, 30, Naive.Kurt));
    }

    [ReferenceFact]
    public void Population_moments_and_zscore_reproduce_the_stock_indicators_stdev_baseline()
    {
        // StdDev(14) on closes: population sd, mean, zScore = (close - mean)/sd.
        var bars = ReferenceData.Quotes("default.csv");
        var baseline = ReferenceData.Results("stdev");
        var moments = KernelRunner.Run("statistical.rolling_moments", bars, parameters: P(("input", "close"), ("window", 14L), ("ddof", 0L)));
        var z = KernelRunner.Run("statistical.zscore", bars, parameters: P(("input", "close"), ("window", 14L), ("ddof", 0L)));
        Tolerance.Mismatches("mean", moments["mean"], baseline.Column("mean")).ShouldBeNull();
        Tolerance.Mismatches("std", moments["std"], baseline.Column("std_dev")).ShouldBeNull();
        Tolerance.Mismatches("zscore", z["zscore"], baseline.Column("z_score")).ShouldBeNull();
    }

    [ReferenceFact]
    public void Zscore_defaults_use_the_sample_std_of_closes()
    {
        var bars = ReferenceData.Quotes("default.csv");
        var close = Naive.Close(bars);
        var output = KernelRunner.Run("statistical.zscore", bars);
        Column(output, "zscore", Naive.Rolling(close, 20, w => (w[^1] - w.Average()) / Naive.Std(w, 1)), 1e-10);
    }

    [Fact]
    public void Zscore_of_a_flat_window_is_null_not_infinity()
    {
        var output = KernelRunner.Run("statistical.zscore", Naive.Bars(3, 3, 3, 3), parameters: P(("input", "close"), ("window", 3L)));
        output["zscore"].ShouldAllBe(v => v == null);
    }

    [Fact]
    public void Autocorr_matches_hand_worked_values()
    {
        // [1,2,3,4]: μ 2.5, σ² 1.25, lag-1 products 0.75 - 0.25 + 0.75 = 1.25 over 3 pairs → (1.25/3)/1.25 = 1/3.
        var output = KernelRunner.Run("statistical.autocorr", Naive.Bars(1, 2, 3, 4), parameters: P(("input", "close"), ("window", 4L), ("lag", 1L)));
        Last(output, "autocorr").ShouldBe(1.0 / 3, 1e-15);
        // STATISTICS.md §3: x_i = (i mod 3) + 0.5i, n = 2 → -1; n = 3 → 0.
        Last(KernelRunner.Run("statistical.autocorr", Naive.Bars(0, 1.5), parameters: P(("input", "close"), ("window", 2L), ("lag", 1L))), "autocorr").ShouldBe(-1, 1e-15);
        Last(KernelRunner.Run("statistical.autocorr", Naive.Bars(0, 1.5, 3), parameters: P(("input", "close"), ("window", 3L), ("lag", 1L))), "autocorr").ShouldBe(0, 1e-15);
    }

    [ReferenceTheory]
    [InlineData(1)]
    [InlineData(3)]
    public void Autocorr_and_partial_autocorr_of_log_returns_match_the_naive_definitions(int lag)
    {
        var bars = ReferenceData.Quotes("default.csv");
        var r = Naive.LogReturns(bars);
        // Daily returns have σ² ≈ 1e-4, above tsfresh's 1e-8 cut-off, so these windows have values.
        var ac = KernelRunner.Run("statistical.autocorr", bars, parameters: P(("window", 40L), ("lag", (long)lag)));
        Column(ac, "autocorr", Naive.Rolling(r, 40, w => Naive.Autocorr(w, lag)));
        var pac = KernelRunner.Run("statistical.partial_autocorr", bars, parameters: P(("window", 40L), ("lag", (long)lag)));
        Column(pac, "partial_autocorr", Naive.Rolling(r, 40, w => Naive.PartialAutocorr(w, lag)), 1e-12);
    }

    [Fact]
    public void Partial_autocorr_at_lag_one_equals_the_adjusted_autocorrelation_ratio()
    {
        // φ11 = γ1/γ0 with γ_k adjusted: [1,2,3,4] → (1.25/3)/(5/4) = 1/3, the same as autocorr here.
        var output = KernelRunner.Run("statistical.partial_autocorr", Naive.Bars(1, 2, 3, 4), parameters: P(("input", "close"), ("window", 4L), ("lag", 1L)));
        Last(output, "partial_autocorr").ShouldBe(1.0 / 3, 1e-15);
    }

    [ReferenceFact]
    public void Quantile_matches_hand_worked_and_naive_type_7_values()
    {
        // Sorted [1,2,3,4,10]: q 0.1 → h 0.4 → 1.4; q 0.9 → h 3.6 → 4 + 0.6·6 = 7.6.
        Last(KernelRunner.Run("statistical.quantile", Naive.Bars(Small), parameters: P(("input", "close"), ("window", 5L), ("q", 0.1))), "quantile").ShouldBe(1.4, 1e-14);
        Last(KernelRunner.Run("statistical.quantile", Naive.Bars(Small), parameters: P(("input", "close"), ("window", 5L), ("q", 0.9))), "quantile").ShouldBe(7.6, 1e-14);
        var bars = ReferenceData.Quotes("default.csv");
        var r = Naive.LogReturns(bars);
        foreach (var q in new[] { 0.0, 0.1, 0.5, 0.95, 1.0 })
        {
            var output = KernelRunner.Run("statistical.quantile", bars, parameters: P(("q", q), ("window", 25L)));
            Column(output, "quantile", Naive.Rolling(r, 25, w => Naive.Quantile(w, q)));
        }
    }

    [ReferenceFact]
    public void Linear_trend_matches_hand_worked_and_least_squares_values()
    {
        // [1,2,3,4,10] on t = 0..4: S_ty = 20/5, S_tt = 10/5 → slope 2, intercept 4 - 2·2 = 0,
        // r = 20/√(10·50) = 2/√5, stderr = √((1 - 0.8)·10/2/3) = √(1/3).
        var small = KernelRunner.Run("statistical.linear_trend", Naive.Bars(Small), parameters: P(("window", 5L)));
        Last(small, "slope").ShouldBe(2, 1e-14);
        Last(small, "intercept").ShouldBe(0, 1e-14);
        Last(small, "rvalue").ShouldBe(2 / Math.Sqrt(5), 1e-14);
        Last(small, "stderr").ShouldBe(Math.Sqrt(1.0 / 3), 1e-14);

        var bars = ReferenceData.Quotes("default.csv");
        var close = Naive.Close(bars);
        var output = KernelRunner.Run("statistical.linear_trend", bars);
        Column(output, "slope", Naive.Rolling(close, 20, w => Naive.Trend(w).Slope), 1e-9);
        Column(output, "intercept", Naive.Rolling(close, 20, w => Naive.Trend(w).Intercept));
        Column(output, "rvalue", Naive.Rolling(close, 20, w => Naive.Trend(w).R), 1e-9);
        Column(output, "stderr", Naive.Rolling(close, 20, w => Naive.Trend(w).StdErr), 1e-9);
    }

    [Fact]
    public void Linear_trend_of_a_constant_window_has_zero_slope_and_null_rvalue()
    {
        var output = KernelRunner.Run("statistical.linear_trend", Naive.Bars(7, 7, 7, 7), parameters: P(("window", 4L)));
        Last(output, "slope").ShouldBe(0);
        Last(output, "intercept").ShouldBe(7);
        output["rvalue"][^1].ShouldBeNull();
        output["stderr"][^1].ShouldBeNull();
    }
}
