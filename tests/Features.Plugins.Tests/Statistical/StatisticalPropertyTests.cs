using Features.Plugins.Tests.Harness;
using Features.Plugins.Tests.Reference;
using Features.PluginSdk;

namespace Features.Plugins.Tests.Statistical;

/// <summary>Properties every statistical (and automated) plugin must have, whatever it computes.</summary>
public sealed class StatisticalPropertyTests
{
    public static TheoryData<string> Keys()
    {
        var data = new TheoryData<string>();
        foreach (var key in PluginPacks.Keys(FeatureType.Statistical).Concat(PluginPacks.Keys(FeatureType.Automated))) data.Add(key);
        return data;
    }

    /// <summary>Cumulative sums, reset by their threshold: the warm-up gives a value, not the full history's.</summary>
    private static readonly string[] ConvergingWarmup = ["statistical.cusum"];

    private static ConformanceOptions Options(string key) => new()
    {
        Warmup = ConvergingWarmup.Contains(key) ? WarmupValues.Present : WarmupValues.Equal,
    };

    /// <summary>The conformance kit on a reference file: every column must have values there, so no comparison is vacuous.</summary>
    private static PluginConformance Kit(string key, string file = "default.csv") =>
        KernelRunner.Conformance(key, Options(key) with
        {
            Bars = ReferenceData.Quotes(file),
            BatchSizes = [1, 7, 1000],
            ExtraInputs = new Dictionary<string, IReadOnlyList<Bar>>
            {
                ["zeros.csv"] = ReferenceData.Quotes("zeros.csv"),
                ["bad.csv"] = ReferenceData.Quotes("bad.csv"),
            },
        });

    [Fact]
    public void The_pack_loads_every_planned_plugin()
    {
        var keys = PluginPacks.Keys(FeatureType.Statistical).ToList();
        foreach (var name in new[] { "rolling_moments", "zscore", "autocorr", "partial_autocorr", "quantile", "linear_trend", "hurst", "realized_vol" })
        {
            keys.ShouldContain("statistical." + name);
        }
    }

    [ReferenceTheory]
    [MemberData(nameof(Keys))]
    public void Output_is_identical_in_batches_of_1_7_and_1000(string key)
    {
        Kit(key, "default.csv").OutputDoesNotDependOnBatching();
        Kit(key, "spx.csv").OutputDoesNotDependOnBatching();
    }

    [ReferenceTheory]
    [MemberData(nameof(Keys))]
    public void Truncating_the_future_changes_no_earlier_value(string key) =>
        Kit(key).TruncatingTheFutureChangesNoEarlierValue();

    [ReferenceTheory]
    [MemberData(nameof(Keys))]
    public void Declared_warm_up_gives_a_value_at_the_first_bar_after_it(string key)
    {
        var plugin = PluginPacks.Get(key).Plugin;
        var warmup = plugin.WarmupBars(KernelRunner.Parameters(plugin));
        var output = KernelRunner.Run(key, ReferenceData.Quotes("default.csv"));
        foreach (var name in output.Names)
        {
            var first = output[name].ToList().FindIndex(v => v is not null);
            first.ShouldBeLessThanOrEqualTo(warmup, $"{key}.{name}");
        }
    }

    [ReferenceTheory]
    [MemberData(nameof(Keys))]
    public void A_value_computed_from_only_the_declared_warm_up_equals_the_full_history(string key) =>
        Kit(key).DeclaredWarmupSuffices();

    [ReferenceTheory]
    [MemberData(nameof(Keys))]
    public void Zero_bars_empty_series_and_few_bars_run_without_NaN_or_infinity(string key) =>
        Kit(key).EdgeInputsRunCleanly();

    [Theory]
    [MemberData(nameof(Keys))]
    public void The_kit_passes_on_its_own_synthetic_bars_as_a_third_party_would_run_it(string key) =>
        KernelRunner.Conformance(key, Options(key)).All();

    [Theory]
    [MemberData(nameof(Keys))]
    public void Descriptor_documents_every_parameter_and_column_and_refuses_bad_values(string key)
    {
        KernelRunner.Conformance(key).DescriptorIsComplete();
        // The pack's own rules, beyond the kit's: its key prefixes, no look-ahead, every parameter with a default, `input`.
        var plugin = PluginPacks.Get(key).Plugin;
        var d = plugin.Descriptor;
        d.Key.ShouldStartWith(d.Type == FeatureType.Automated ? "automated." : "statistical.");
        d.LookAheadRule.ShouldBeNull();
        plugin.LookAheadBars(KernelRunner.Parameters(plugin)).ShouldBe(0);
        d.Parameters.ShouldAllBe(p => p.Default != null, $"{key}: every parameter has a default");
        if (d.Type == FeatureType.Statistical && key != "statistical.realized_vol")
        {
            d.Parameters.ShouldContain(p => p.Name == "input", $"{key} takes `input`");
        }
    }
}
