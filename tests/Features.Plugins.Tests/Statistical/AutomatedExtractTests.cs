using System.Text.RegularExpressions;
using Features.Plugins.Tests.Harness;
using Features.Plugins.Tests.Reference;
using Features.PluginSdk;
using static Features.Plugins.Tests.Statistical.Check;

namespace Features.Plugins.Tests.Statistical;

/// <summary>automated.extract: column naming, presets, explicit lists, and agreement with the single calculators.</summary>
public sealed class AutomatedExtractTests
{
    private const string Key = "automated.extract";

    private static IFeaturePlugin Plugin => PluginPacks.Get(Key).Plugin;

    [Fact]
    public void Minimal_preset_matches_hand_worked_values()
    {
        var output = KernelRunner.Run(Key, Naive.Bars(1, 2, 3, 4, 10), parameters: P(("window", 5L)));
        output.Names.ShouldBe(["sum_values", "median", "mean", "length", "standard_deviation", "variance", "root_mean_square", "maximum", "absolute_maximum", "minimum"]);
        var expected = new[] { 20, 3, 4, 5, Math.Sqrt(10), 10, Math.Sqrt(26), 10, 10, 1 };
        for (var c = 0; c < expected.Length; c++) Last(output, output.Names[c]).ShouldBe(expected[c], 1e-14, output.Names[c]);
        output["mean"].Take(4).ShouldAllBe(v => v == null);
    }

    [Fact]
    public void Efficient_preset_names_columns_the_tsfresh_way_in_snake_case()
    {
        var columns = Plugin.OutputColumns(KernelRunner.Parameters(Plugin, P(("preset", "efficient")))).Select(c => c.Name).ToList();
        columns.ShouldAllBe(n => Regex.IsMatch(n, "^[a-z][a-z0-9_]*$"));
        columns.Distinct().Count().ShouldBe(columns.Count);
        columns.ShouldContain("cid_ce__normalize_true");
        columns.ShouldContain("autocorrelation__lag_1");
        columns.ShouldContain("quantile__q_0_1");
        columns.ShouldContain("number_crossing_m__m_minus_1");
        columns.ShouldContain("ratio_beyond_r_sigma__r_2_5");
        columns.ShouldContain("linear_trend__attr_slope");
        columns.ShouldContain("permutation_entropy__dimension_7__tau_1");
        columns.ShouldNotContain(c => c.StartsWith("sample_entropy") || c.StartsWith("approximate_entropy"));
        columns.Count.ShouldBeGreaterThan(80);
    }

    [Fact]
    public void An_explicit_calculator_list_replaces_the_preset_and_unknown_names_are_refused()
    {
        var p = KernelRunner.Parameters(Plugin, P(("calculators", "cid_ce, sample_entropy")));
        Plugin.Validate(p).ShouldBeEmpty();
        Plugin.OutputColumns(p).Select(c => c.Name).ShouldBe(["cid_ce__normalize_true", "cid_ce__normalize_false", "sample_entropy"]);
        var bad = KernelRunner.Parameters(Plugin, P(("calculators", "mean,no_such_thing")));
        Plugin.Validate(bad).ShouldContain(e => e.Parameter == "calculators" && e.Message.Contains("no_such_thing"));
        ParameterValues.TryResolve(Plugin.Descriptor.Parameters, P(("preset", "comprehensive")), out _, out var errors).ShouldBeFalse();
        errors.ShouldContain(e => e.Parameter == "preset");
    }

    [ReferenceFact]
    public void Efficient_columns_equal_the_single_calculator_plugins_and_naive_formulas()
    {
        var bars = ReferenceData.Quotes("default.csv");
        var r = Naive.LogReturns(bars);
        const long n = 30;
        var extract = KernelRunner.Run(Key, bars, parameters: P(("input", "log_return"), ("window", n), ("preset", "efficient")));
        OutputTable Single(string key, params (string, object?)[] p) => KernelRunner.Run("statistical." + key, bars, parameters: P([("input", "log_return"), ("window", n), .. p]));
        void Same(string column, IReadOnlyList<object?> expected) => Tolerance.Mismatches(column, extract[column], expected, 0, 0).ShouldBeNull();

        var moments = Single("rolling_moments");
        Same("mean", moments["mean"]);
        Same("standard_deviation", moments["std"]);
        Same("skewness", moments["skew"]);
        Same("kurtosis", moments["kurt"]);
        Same("autocorrelation__lag_3", Single("autocorr", ("lag", 3L))["autocorr"]);
        Same("partial_autocorrelation__lag_2", Single("partial_autocorr", ("lag", 2L))["partial_autocorr"]);
        Same("quantile__q_0_9", Single("quantile", ("q", 0.9))["quantile"]);
        Same("c3__lag_2", Single("c3", ("lag", 2L))["c3"]);
        Same("time_reversal_asymmetry_statistic__lag_1", Single("time_reversal_asymmetry", ("lag", 1L))["time_reversal_asymmetry"]);
        Same("cid_ce__normalize_false", Single("cid_ce", ("normalize", false))["cid_ce"]);
        Same("number_peaks__n_3", Single("number_peaks", ("n", 3L))["number_peaks"]);
        Same("number_crossing_m__m_0", Single("number_crossing_m")["number_crossing_m"]);
        Same("ratio_beyond_r_sigma__r_1_5", Single("ratio_beyond_r_sigma", ("r", 1.5))["ratio_beyond_r_sigma"]);
        Same("linear_trend__attr_slope", Single("linear_trend")["slope"]);
        Same("linear_trend__attr_stderr", Single("linear_trend")["stderr"]);
        Same("permutation_entropy__dimension_4__tau_1", Single("permutation_entropy", ("dimension", 4L))["permutation_entropy"]);
        Same("mean_abs_change", Single("mean_abs_change")["mean_abs_change"]);

        // Partial autocorrelation with lags 0..9 requested together: lag 0 is 1 (tsfresh's quirk).
        extract["partial_autocorrelation__lag_0"].OfType<double>().ShouldAllBe(v => v == 1);
        Column(extract, "variance", Naive.Rolling(r, (int)n, w => Math.Pow(Naive.Std(w, 0), 2)), 1e-18);
        Column(extract, "median", Naive.Rolling(r, (int)n, w => Naive.Quantile(w, 0.5)));
        Column(extract, "abs_energy", Naive.Rolling(r, (int)n, w => w.Sum(v => v * v)), 1e-18);
        Column(extract, "mean_change", Naive.Rolling(r, (int)n, w => (w[^1] - w[0]) / (n - 1)), 1e-18);
        Column(extract, "mean_second_derivative_central", Naive.Rolling(r, (int)n, w => (w[^1] - w[^2] - w[1] + w[0]) / (2.0 * (n - 2))), 1e-18);
        Column(extract, "longest_strike_above_mean", Naive.Rolling(r, (int)n, w =>
        {
            var m = w.Average();
            int best = 0, run = 0;
            foreach (var v in w) best = Math.Max(best, run = v > m ? run + 1 : 0);
            return best;
        }));
    }

    [ReferenceFact]
    public void Efficient_preset_is_identical_in_batches_of_1_7_and_1000()
    {
        var bars = ReferenceData.Quotes("default.csv");
        var parameters = P(("preset", "efficient"), ("input", "log_return"));
        var whole = KernelRunner.Run(Key, bars, parameters: parameters);
        foreach (var size in new[] { 1, 7, 1000 })
        {
            var split = KernelRunner.Run(Key, bars, size, parameters);
            whole.Names.Select(c => Tolerance.Mismatches($"{c} (batches of {size})", split[c], whole[c], 0, 0)).Where(p => p is not null).ShouldBeEmpty();
        }
    }
}
