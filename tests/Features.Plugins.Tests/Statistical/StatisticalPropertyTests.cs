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
        foreach (var file in new[] { "default.csv", "spx.csv" })
        {
            var bars = ReferenceData.Quotes(file);
            var whole = KernelRunner.Run(key, bars);
            whole.Names.ShouldAllBe(n => whole[n].Any(v => v != null), $"{key} on {file}: every column has values");
            foreach (var size in new[] { 1, 7, 1000 })
            {
                var split = KernelRunner.Run(key, bars, size);
                var problems = whole.Names
                    .Select(n => Tolerance.Mismatches($"{key}.{n} on {file} (batches of {size})", split[n], whole[n], 0, 0))
                    .Where(p => p is not null)
                    .ToList();
                problems.ShouldBeEmpty();
            }
        }
    }

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
    public void Zero_bars_empty_series_and_few_bars_run_without_NaN_or_infinity(string key)
    {
        KernelRunner.Run(key, []).RowCount.ShouldBe(0);
        for (var n = 1; n <= 3; n++) KernelRunner.Run(key, ReferenceData.Quotes("default.csv")[..n]).RowCount.ShouldBe(n);
        foreach (var file in new[] { "zeros.csv", "bad.csv" })
        {
            var bars = ReferenceData.Quotes(file);
            var output = KernelRunner.Run(key, bars);
            output.RowCount.ShouldBe(bars.Length);
            foreach (var n in output.Names) output[n].OfType<double>().ShouldAllBe(v => double.IsFinite(v), $"{key}.{n} on {file}");
        }
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Descriptor_documents_every_parameter_and_column_and_refuses_bad_values(string key)
    {
        var plugin = PluginPacks.Get(key).Plugin;
        var d = plugin.Descriptor;
        d.Key.ShouldStartWith(d.Type == FeatureType.Automated ? "automated." : "statistical.");
        d.Description.ShouldNotBeNullOrWhiteSpace();
        d.WarmupRule.ShouldNotBeNullOrWhiteSpace();
        d.LookAheadRule.ShouldBeNull();
        plugin.LookAheadBars(KernelRunner.Parameters(plugin)).ShouldBe(0);
        d.InputColumns.ShouldNotBeEmpty();
        d.Outputs.ShouldNotBeEmpty();
        d.Outputs.ShouldAllBe(o => !string.IsNullOrWhiteSpace(o.Description));
        plugin.OutputColumns(KernelRunner.Parameters(plugin)).Select(o => o.Name).ShouldBe(d.Outputs.Select(o => o.Name));
        foreach (var p in d.Parameters)
        {
            p.Description.ShouldNotBeNullOrWhiteSpace($"{key}.{p.Name}");
            p.Default.ShouldNotBeNull($"{key}.{p.Name} has a default");
            if (p.Type is ParameterType.Integer or ParameterType.Number)
            {
                p.Minimum.ShouldNotBeNull($"{key}.{p.Name} needs a minimum");
                p.Maximum.ShouldNotBeNull($"{key}.{p.Name} needs a maximum");
                object below = p.Type == ParameterType.Integer ? (long)(p.Minimum!.Value - 1) : p.Minimum!.Value - 1;
                object above = p.Type == ParameterType.Integer ? (long)(p.Maximum!.Value + 1) : p.Maximum!.Value + 1;
                foreach (var bad in new[] { below, above })
                {
                    ParameterValues.TryResolve(d.Parameters, new Dictionary<string, object?> { [p.Name] = bad }, out _, out var errors).ShouldBeFalse();
                    errors.ShouldContain(e => e.Parameter == p.Name);
                }
            }
            if (p.Type == ParameterType.Choice)
            {
                ParameterValues.TryResolve(d.Parameters, new Dictionary<string, object?> { [p.Name] = "no_such_choice" }, out _, out var errors).ShouldBeFalse();
                errors.ShouldContain(e => e.Parameter == p.Name);
            }
        }
        if (d.Type == FeatureType.Statistical && key != "statistical.realized_vol")
        {
            d.Parameters.ShouldContain(p => p.Name == "input", $"{key} takes `input`");
        }
        plugin.Validate(KernelRunner.Parameters(plugin)).ShouldBeEmpty($"{key}: the defaults are valid");
    }
}
