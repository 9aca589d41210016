using Features.Plugins.Tests.Harness;
using Features.PluginSdk;

namespace Features.Plugins.Tests.Macro;

/// <summary>Descriptors as complete data: documented, bounded, and refusing bad or missing values.</summary>
public sealed class MacroDescriptorTests
{
    public static TheoryData<string> Keys() => MacroPropertyTests.Keys();

    private static readonly Dictionary<string, string[]> RequiredSeries = new()
    {
        ["macro.asof"] = ["series"],
        ["macro.change"] = ["series"],
        ["macro.zscore"] = ["series"],
        ["macro.spread"] = ["series", "series2"],
        ["macro.beta"] = ["benchmark"],
        ["macro.corr"] = ["benchmark"],
        ["macro.prs"] = ["benchmark"],
    };

    private static Dictionary<string, object?> Valid(string key) => MacroScenarios.For(key).Parameters;

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_parameter_and_column_is_documented_and_numbers_are_bounded(string key)
    {
        var plugin = PluginPacks.Get(key).Plugin;
        var d = plugin.Descriptor;
        d.Type.ShouldBe(FeatureType.Macro);
        d.Version.ShouldBe("1.1.0");
        d.Description.ShouldNotBeNullOrWhiteSpace();
        d.WarmupRule.ShouldNotBeNullOrWhiteSpace();
        d.InputColumns.ShouldNotBeEmpty();
        d.LookAheadRule.ShouldBeNull();
        plugin.LookAheadBars(KernelRunner.Parameters(plugin, Valid(key))).ShouldBe(0);
        d.Outputs.ShouldNotBeEmpty();
        d.Outputs.ShouldAllBe(o => !string.IsNullOrWhiteSpace(o.Description));
        foreach (var p in d.Parameters)
        {
            p.Description.ShouldNotBeNullOrWhiteSpace($"{key}.{p.Name}");
            if (p.Type is ParameterType.Integer or ParameterType.Number)
            {
                p.Minimum.ShouldNotBeNull($"{key}.{p.Name} needs a minimum");
                p.Maximum.ShouldNotBeNull($"{key}.{p.Name} needs a maximum");
                p.Default.ShouldNotBeNull($"{key}.{p.Name} needs a default");
            }
            if (!p.Required) p.Default.ShouldNotBeNull($"{key}.{p.Name}: optional parameters have a default");
        }
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Out_of_range_wrong_typed_and_unknown_values_are_refused(string key) =>
        KernelRunner.Conformance(key, MacroScenarios.For(key).Options()).DescriptorIsComplete();

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_missing_series_or_benchmark_is_an_error_and_a_named_one_is_requested_from_the_host(string key)
    {
        var plugin = PluginPacks.Get(key).Plugin;
        foreach (var role in RequiredSeries[key])
        {
            plugin.Descriptor.Parameters.Single(p => p.Name == role).Required.ShouldBeTrue($"{key}.{role}");
            var raw = new Dictionary<string, object?>(Valid(key));
            raw.Remove(role);
            ParameterValues.TryResolve(plugin.Descriptor.Parameters, raw, out _, out var errors).ShouldBeFalse($"{key} without {role}");
            errors.ShouldContain(e => e.Parameter == role);
        }
        var values = KernelRunner.Parameters(plugin, Valid(key));
        plugin.Validate(values).ShouldBeEmpty();
        var requests = plugin.AuxiliarySeries(values);
        requests.Select(r => r.Role).ShouldBe(RequiredSeries[key]);
        foreach (var r in requests)
        {
            r.Symbol.ShouldBe((string)Valid(key)[r.Role]!);
            r.Timeframe.ShouldBeNull();
        }
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void A_kernel_created_without_its_series_fails_with_a_message_naming_the_role(string key)
    {
        var plugin = PluginPacks.Get(key).Plugin;
        var context = new KernelContext { Parameters = KernelRunner.Parameters(plugin, Valid(key)), Symbol = "TEST" };
        var e = Should.Throw<InvalidOperationException>(() => plugin.CreateKernel(context));
        e.Message.ShouldContain(RequiredSeries[key][0]);
    }

    [Fact]
    public void Spread_refuses_the_same_series_twice()
    {
        var plugin = PluginPacks.Get("macro.spread").Plugin;
        var values = KernelRunner.Parameters(plugin, new Dictionary<string, object?> { ["series"] = "DGS10", ["series2"] = "DGS10" });
        plugin.Validate(values).ShouldContain(e => e.Parameter == "series2");
    }

    [Theory]
    [InlineData("macro.beta", 50, 50)]
    [InlineData("macro.corr", 20, 19)]
    [InlineData("macro.prs", 20, 20)]
    [InlineData("macro.asof", 0, 0)]
    public void Warm_up_matches_the_first_value_of_the_lookback(string key, int period, int warmup)
    {
        var plugin = PluginPacks.Get(key).Plugin;
        var raw = new Dictionary<string, object?>(Valid(key));
        if (period > 0) raw["period"] = (long)period;
        plugin.WarmupBars(KernelRunner.Parameters(plugin, raw)).ShouldBe(warmup);
    }
}
