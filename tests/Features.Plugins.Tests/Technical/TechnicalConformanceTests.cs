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
    public void Output_does_not_depend_on_how_bars_are_batched(string key)
    {
        var whole = KernelRunner.Run(key, Default);
        foreach (var size in new[] { 1, 7, 64 })
        {
            var split = KernelRunner.Run(key, Default, size);
            var problems = whole.Names
                .Select(n => Tolerance.Mismatches($"{key}.{n} (batches of {size})", split[n], whole[n], 0, 0))
                .Where(p => p is not null)
                .ToList();
            problems.ShouldBeEmpty();
        }
    }

    [ReferenceTheory]
    [MemberData(nameof(Keys))]
    public void Truncating_the_future_changes_no_earlier_value_beyond_the_declared_look_ahead(string key)
    {
        var plugin = PluginPacks.Get(key).Plugin;
        var lookAhead = plugin.LookAheadBars(KernelRunner.Parameters(plugin));
        if (lookAhead > 0) plugin.Descriptor.LookAheadRule.ShouldNotBeNullOrWhiteSpace($"{key} looks ahead, so its descriptor must say how");
        else plugin.Descriptor.LookAheadRule.ShouldBeNull($"{key} declares a look-ahead rule but LookAheadBars is 0");

        var whole = KernelRunner.Run(key, Default);
        foreach (var cut in new[] { 60, 180, 333, 470 })
        {
            var truncated = KernelRunner.Run(key, Default[..cut]);
            var stable = Math.Max(0, cut - lookAhead);
            var problems = whole.Names
                .Select(n => Tolerance.Mismatches($"{key}.{n} (cut at {cut})", truncated[n].Take(stable).ToList(), whole[n].Take(stable).ToList(), 0, 0))
                .Where(p => p is not null)
                .ToList();
            problems.ShouldBeEmpty();
        }
    }

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
    public void Fewer_bars_than_the_lookback_give_null_rows_not_an_error(string key)
    {
        var baseline = ReferenceData.Results(TechnicalBaselineCases.Stem(key));
        var output = KernelRunner.Run(key, Default);
        var leading = output.Names.Min(n => Array.FindIndex(baseline.Column(n), v => v is not null) is var i and >= 0 ? i : baseline.Rows.Count);
        if (leading > 0)
        {
            var few = KernelRunner.Run(key, Default[..leading]);
            few.RowCount.ShouldBe(leading);
            foreach (var n in few.Names) few[n].ShouldAllBe(v => v == null, $"{key}.{n} on {leading} bars");
        }
        for (var n = 1; n <= 3; n++) KernelRunner.Run(key, Default[..n]).RowCount.ShouldBe(n);
    }

    [ReferenceTheory]
    [MemberData(nameof(Keys))]
    public void An_empty_series_gives_an_empty_output(string key) =>
        KernelRunner.Run(key, []).RowCount.ShouldBe(0);

    [ReferenceTheory]
    [MemberData(nameof(Keys))]
    public void All_zero_bars_run_without_error_and_never_yield_NaN_or_infinity(string key)
    {
        var zeros = ReferenceData.Quotes("zeros.csv");
        var output = KernelRunner.Run(key, zeros);
        output.RowCount.ShouldBe(zeros.Length);
        foreach (var n in output.Names)
        {
            output[n].OfType<double>().ShouldAllBe(v => double.IsFinite(v), $"{key}.{n} on zeros.csv");
        }
    }

    [ReferenceTheory]
    [MemberData(nameof(Keys))]
    public void Descriptor_documents_every_parameter_and_column_and_refuses_out_of_range_values(string key)
    {
        var plugin = PluginPacks.Get(key).Plugin;
        var d = plugin.Descriptor;
        d.Description.ShouldNotBeNullOrWhiteSpace();
        d.WarmupRule.ShouldNotBeNullOrWhiteSpace();
        d.InputColumns.ShouldNotBeEmpty();
        d.Outputs.ShouldAllBe(o => !string.IsNullOrWhiteSpace(o.Description));
        foreach (var p in d.Parameters)
        {
            p.Description.ShouldNotBeNullOrWhiteSpace($"{key}.{p.Name}");
            if (p.Type is ParameterType.Integer or ParameterType.Number)
            {
                p.Minimum.ShouldNotBeNull($"{key}.{p.Name} needs a minimum");
                p.Maximum.ShouldNotBeNull($"{key}.{p.Name} needs a maximum");
                var below = p.Type == ParameterType.Integer ? (object)(long)(p.Minimum!.Value - 1) : p.Minimum!.Value - 1;
                ParameterValues.TryResolve(d.Parameters, new Dictionary<string, object?> { [p.Name] = below }, out _, out var errors).ShouldBeFalse();
                errors.ShouldContain(e => e.Parameter == p.Name);
            }
        }
    }
}
