using Features.Plugins.Tests.Harness;
using Features.Plugins.Tests.Reference;
using static Features.Plugins.Tests.Statistical.Check;

namespace Features.Plugins.Tests.Statistical;

/// <summary>hurst against the published baseline; realized_vol against first principles and rolling_moments.</summary>
public sealed class HurstAndVolatilityTests
{
    [ReferenceFact]
    public void Hurst_defaults_reproduce_the_stock_indicators_baseline()
    {
        var baseline = ReferenceData.Results("hurst");
        var output = KernelRunner.Run("statistical.hurst", ReferenceData.Quotes("default.csv"));
        output.RowCount.ShouldBe(baseline.Rows.Count);
        Tolerance.Mismatches("hurst_exponent", output["hurst_exponent"], baseline.Column("hurst_exponent")).ShouldBeNull();
        // The harness snake-cases hurstExponentAL letter by letter; our column is hurst_exponent_al.
        Tolerance.Mismatches("hurst_exponent_al", output["hurst_exponent_al"], baseline.Column("hurst_exponent_a_l")).ShouldBeNull();
    }

    [ReferenceFact]
    public void Realized_vol_close_to_close_equals_the_sample_std_of_log_returns_from_rolling_moments()
    {
        var bars = ReferenceData.Quotes("spx.csv");
        var vol = KernelRunner.Run("statistical.realized_vol", bars, parameters: P(("window", 21L)));
        var moments = KernelRunner.Run("statistical.rolling_moments", bars, parameters: P(("window", 21L), ("ddof", 1L)));
        Column(vol, "realized_vol", [.. moments["std"]]);
        Column(vol, "realized_vol", Naive.Rolling(Naive.LogReturns(bars), 21, w => Naive.Std(w, 1)));
    }

    [ReferenceFact]
    public void Annualised_daily_volatility_is_scaled_by_the_square_root_of_252()
    {
        var bars = ReferenceData.Quotes("default.csv");
        var daily = KernelRunner.Run("statistical.realized_vol", bars, parameters: P(("estimator", "parkinson")));
        var annual = KernelRunner.Run("statistical.realized_vol", bars, parameters: P(("estimator", "parkinson"), ("annualize", true)));
        Column(annual, "realized_vol", [.. daily["realized_vol"].Select(v => v is double d ? d * Math.Sqrt(252) : (object?)null)]);
    }

    [ReferenceTheory]
    [InlineData("parkinson")]
    [InlineData("garman_klass")]
    [InlineData("rogers_satchell")]
    [InlineData("yang_zhang")]
    public void Range_estimators_match_their_published_formulas(string estimator)
    {
        var bars = ReferenceData.Quotes("default.csv");
        const int n = 10;
        var output = KernelRunner.Run("statistical.realized_vol", bars, parameters: P(("estimator", estimator), ("window", (long)n)));
        var expected = bars.Select((_, t) =>
        {
            if (t + 1 < n || (estimator == "yang_zhang" && t < n)) return (object?)null;
            var w = bars[(t + 1 - n)..(t + 1)];
            double Rs(PluginSdk.Bar b) => Math.Log(b.High / b.Close) * Math.Log(b.High / b.Open) + Math.Log(b.Low / b.Close) * Math.Log(b.Low / b.Open);
            double variance = estimator switch
            {
                "parkinson" => w.Sum(b => Math.Pow(Math.Log(b.High / b.Low), 2)) / (4 * n * Math.Log(2)),
                "garman_klass" => w.Average(b => 0.5 * Math.Pow(Math.Log(b.High / b.Low), 2) - (2 * Math.Log(2) - 1) * Math.Pow(Math.Log(b.Close / b.Open), 2)),
                "rogers_satchell" => w.Average(Rs),
                _ => YangZhang(bars, t, n, Rs),
            };
            return Math.Sqrt(variance);
        }).ToArray();
        Column(output, "realized_vol", expected);
    }

    private static double YangZhang(PluginSdk.Bar[] bars, int t, int n, Func<PluginSdk.Bar, double> rs)
    {
        var overnight = Enumerable.Range(t + 1 - n, n).Select(i => Math.Log(bars[i].Open / bars[i - 1].Close)).ToArray();
        var openClose = Enumerable.Range(t + 1 - n, n).Select(i => Math.Log(bars[i].Close / bars[i].Open)).ToArray();
        var k = 0.34 / (1.34 + (n + 1.0) / (n - 1.0));
        return Math.Pow(Naive.Std(overnight, 1), 2) + k * Math.Pow(Naive.Std(openClose, 1), 2) + (1 - k) * bars[(t + 1 - n)..(t + 1)].Average(rs);
    }

    [Fact]
    public void Parkinson_of_a_constant_range_is_the_log_range_over_two_root_ln2()
    {
        // Every bar spans H/L = e^0.01, so ln(H/L)² = 1e-4 and σ = 0.01/√(4 ln 2).
        var bars = Enumerable.Range(0, 30).Select(i => new PluginSdk.Bar(i * 86_400_000_000L, 100, 100 * Math.Exp(0.005), 100 * Math.Exp(-0.005), 100, 1)).ToArray();
        var output = KernelRunner.Run("statistical.realized_vol", bars, parameters: P(("estimator", "parkinson")));
        Last(output, "realized_vol").ShouldBe(0.01 / Math.Sqrt(4 * Math.Log(2)), 1e-15);
    }
}
