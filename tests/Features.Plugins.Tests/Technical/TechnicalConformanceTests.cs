using Features.Plugins.Tests.Harness;
using Features.Plugins.Tests.Reference;
using Features.PluginSdk;

namespace Features.Plugins.Tests.Technical;

/// <summary>The base test set every technical plugin runs (STYLE.md practice 7), against the published baselines.</summary>
public sealed class TechnicalConformanceTests
{
    public static TheoryData<string> Keys()
    {
        var data = new TheoryData<string>();
        foreach (var key in PluginPacks.Keys(FeatureType.Technical)) data.Add(key);
        return data;
    }

    private static Bar[] Default => ReferenceData.Quotes("default.csv");

    /// <summary>The conformance kit on default.csv (the bars the baselines are computed on), with each indicator's exceptions.</summary>
    private static PluginConformance Kit(string key)
    {
        var stem = TechnicalBaselineCases.Stem(key);
        return KernelRunner.Conformance(key, new ConformanceOptions
        {
            Bars = Default,
            BatchSizes = [1, 7, 64],
            TruncationPoints = [60, 180, 333, 470],
            EveryColumnHasValues = false, // some baseline fields are null throughout with the default settings
            ColumnsWithoutWarmup = TechnicalBaselineCases.WarmupExempt(stem),
            Warmup = TechnicalBaselineCases.ConvergingWarmup.Contains(stem) ? WarmupValues.Present : WarmupValues.Equal,
            ExtraInputs = new Dictionary<string, IReadOnlyList<Bar>> { ["zeros.csv"] = ReferenceData.Quotes("zeros.csv") },
        });
    }

    [ReferenceTheory]
    [MemberData(nameof(Keys))]
    public void Defaults_reproduce_the_published_baseline(string key)
    {
        var stem = TechnicalBaselineCases.Stem(key);
        var baseline = ReferenceData.Results(stem);
        var output = KernelRunner.Run(key, Default);
        output.RowCount.ShouldBe(baseline.Rows.Count);

        var aliases = TechnicalBaselineCases.AliasFields.GetValueOrDefault(stem, []);
        var expectedFields = baseline.Fields.Where(f => f != "timestamp" && !aliases.Contains(f)).ToList();
        output.Names.Order().ShouldBe(expectedFields.Order(), $"{key}: output columns must be the baseline's fields in snake_case");

        var (rel, abs, _) = TechnicalBaselineCases.Tolerances.GetValueOrDefault(stem, (Tolerance.Relative, Tolerance.Absolute, ""));
        var problems = output.Names
            .Select(name => Tolerance.Mismatches($"{key}.{name}", output[name], baseline.Column(name), rel, abs))
            .Where(p => p is not null)
            .ToList();
        problems.ShouldBeEmpty();
    }

    [ReferenceTheory]
    [MemberData(nameof(Keys))]
    public void Output_does_not_depend_on_how_bars_are_batched(string key) =>
        Kit(key).OutputDoesNotDependOnBatching();

    [ReferenceTheory]
    [MemberData(nameof(Keys))]
    public void Truncating_the_future_changes_no_earlier_value_beyond_the_declared_look_ahead(string key) =>
        Kit(key).TruncatingTheFutureChangesNoEarlierValue();

    [ReferenceTheory]
    [MemberData(nameof(Keys))]
    public void Declared_warm_up_is_enough_for_a_value_at_the_start(string key)
    {
        var plugin = PluginPacks.Get(key).Plugin;
        var warmup = plugin.WarmupBars(KernelRunner.Parameters(plugin));
        var stem = TechnicalBaselineCases.Stem(key);
        var baseline = ReferenceData.Results(stem);
        var endOfSeries = TechnicalBaselineCases.EndOfSeriesFields.GetValueOrDefault(stem, []);
        foreach (var name in plugin.OutputColumns(KernelRunner.Parameters(plugin)).Select(c => c.Name).Except(endOfSeries))
        {
            var column = baseline.Column(name);
            var first = Array.FindIndex(column, v => v is not null);
            var last = Array.FindLastIndex(column, v => v is not null);
            var dense = first >= 0 && column.Skip(first).Take(last - first + 1).All(v => v is not null);
            if (dense) warmup.ShouldBeGreaterThanOrEqualTo(first, $"{key}.{name} has its first value at row {first}");
        }
    }

    [ReferenceTheory]
    [MemberData(nameof(Keys))]
    public void A_value_computed_from_only_the_declared_warm_up_matches_the_full_history(string key) =>
        Kit(key).DeclaredWarmupSuffices();

    [ReferenceTheory]
    [MemberData(nameof(Keys))]
    public void Empty_short_zero_and_NaN_series_give_one_row_per_bar_without_NaN_or_infinity(string key) =>
        Kit(key).EdgeInputsRunCleanly();

    [ReferenceTheory]
    [MemberData(nameof(Keys))]
    public void Descriptor_documents_every_parameter_and_column_and_refuses_out_of_range_values(string key) =>
        Kit(key).DescriptorIsComplete();

    [Theory]
    [MemberData(nameof(Keys))]
    public void The_kit_passes_on_its_own_synthetic_bars_as_a_third_party_would_run_it(string key)
    {
        var stem = TechnicalBaselineCases.Stem(key);
        KernelRunner.Conformance(key, new ConformanceOptions
        {
            EveryColumnHasValues = false,
            ColumnsWithoutWarmup = [.. TechnicalBaselineCases.WarmupExempt(stem), .. TechnicalBaselineCases.SyntheticWarmupShortfalls.GetValueOrDefault(stem, [])],
            Warmup = TechnicalBaselineCases.ConvergingWarmup.Contains(stem) ? WarmupValues.Present : WarmupValues.Equal,
        }).All();
    }
}
