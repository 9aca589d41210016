using Features.Plugins.Tests.Harness;
using Features.PluginSdk;

namespace Features.Plugins.Tests.Macro;

/// <summary>Properties every macro plugin must hold: batch-split invariance and point-in-time correctness.</summary>
public sealed class MacroPropertyTests
{
    public static TheoryData<string> Keys()
    {
        var data = new TheoryData<string>();
        foreach (var key in PluginPacks.Keys(FeatureType.Macro)) data.Add(key);
        return data;
    }

    public static TheoryData<string, string> KeysAndLags()
    {
        var data = new TheoryData<string, string>();
        foreach (var key in PluginPacks.Keys(FeatureType.Macro))
        {
            if (MacroScenarios.AsOfKeys.Contains(key))
            {
                foreach (var lag in new[] { "0s", "1d", "15d" }) data.Add(key, lag);
            }
            else
            {
                data.Add(key, "0s");
            }
        }
        return data;
    }

    [Fact]
    public void Every_plugin_of_the_pack_is_loaded()
    {
        PluginPacks.Keys(FeatureType.Macro).ShouldBe(
            ["macro.asof", "macro.beta", "macro.change", "macro.corr", "macro.prs", "macro.spread", "macro.zscore"]);
    }

    private static PluginConformance Kit(string key, string lag = "15d") =>
        KernelRunner.Conformance(key, MacroScenarios.For(key, lag).Options());

    [Theory]
    [MemberData(nameof(KeysAndLags))]
    public void Output_is_the_same_whether_bars_arrive_in_batches_of_1_7_or_1000(string key, string lag) =>
        Kit(key, lag).OutputDoesNotDependOnBatching();

    [Theory]
    [MemberData(nameof(KeysAndLags))]
    public void Cutting_the_bars_and_every_series_at_a_time_changes_no_earlier_value(string key, string lag) =>
        Kit(key, lag).TruncatingTheFutureChangesNoEarlierValue();

    [Theory]
    [MemberData(nameof(KeysAndLags))]
    public void Appending_later_observations_changes_no_value_before_they_become_usable(string key, string lag)
    {
        var s = MacroScenarios.For(key, lag);
        var full = KernelRunner.Run(key, s.Bars, 64, s.Parameters, s.Cursors());
        foreach (var cutRow in new[] { 100, 333, 800, 1200 })
        {
            var cut = s.Bars[cutRow].Timestamp + 7_200_000_000L;
            var truncated = KernelRunner.Run(key, s.Bars, 64, s.Parameters, s.Cursors(b => b.Timestamp < cut));
            // The first appended observation is stamped at or after the cut, so nothing it brings is usable before cut + lag.
            var usableFrom = s.Series.Values.SelectMany(b => b).Where(b => b.Timestamp >= cut).Min(b => b.Timestamp) + s.Lag.Ticks / 10;
            var stable = s.Bars.Count(b => b.Timestamp < usableFrom);
            stable.ShouldBeGreaterThan(cutRow);
            var problems = full.Names
                .Select(n => Tolerance.Mismatches($"{key}.{n} (series cut before row {cutRow})", truncated[n].Take(stable).ToList(), full[n].Take(stable).ToList(), 0, 0))
                .Where(p => p is not null)
                .ToList();
            problems.ShouldBeEmpty();
            // And the cut is visible afterwards, so the comparison above is not vacuous.
            full.Names.Any(n => Tolerance.Mismatches(n, truncated[n].Skip(stable).ToList(), full[n].Skip(stable).ToList(), 0, 0) is not null)
                .ShouldBeTrue($"{key}: appending observations should change some later value");
        }
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void An_empty_series_of_bars_gives_an_empty_output(string key)
    {
        var s = MacroScenarios.For(key);
        KernelRunner.Run(key, [], int.MaxValue, s.Parameters, s.Cursors()).RowCount.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Empty_short_zero_and_NaN_inputs_run_without_NaN_or_infinity(string key) =>
        Kit(key).EdgeInputsRunCleanly();

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_value_computed_from_only_the_declared_warm_up_equals_the_full_history(string key)
    {
        var options = MacroScenarios.For(key).Options();
        if (options.AuxiliarySeries.ContainsKey("benchmark"))
        {
            // The scenario's benchmark misses bars on purpose; the warm-up is declared for a complete one.
            options = options with { AuxiliarySeries = new Dictionary<string, IReadOnlyList<Bar>> { ["benchmark"] = MacroScenarios.GapFreeBenchmark } };
        }
        // is_new flags the first bar at which an observation is visible: the first bar of any run sees one.
        KernelRunner.Conformance(key, options with { ColumnsWithoutWarmup = ["is_new"] }).DeclaredWarmupSuffices();
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Outputs_are_never_NaN_or_infinite_even_on_zero_series(string key)
    {
        var s = MacroScenarios.For(key, "0s");
        Bar Zero(Bar b) => b with { Open = 0, High = 0, Low = 0, Close = 0 };
        var zeros = s with { Bars = [.. s.Bars.Select(Zero)], Series = s.Series.ToDictionary(p => p.Key, p => p.Value.Select(Zero).ToArray()) };
        foreach (var run in new[] { s, zeros })
        {
            var output = KernelRunner.Run(key, run.Bars, 7, run.Parameters, run.Cursors());
            foreach (var n in output.Names) output[n].OfType<double>().ShouldAllBe(v => double.IsFinite(v), $"{key}.{n}");
        }
    }
}
