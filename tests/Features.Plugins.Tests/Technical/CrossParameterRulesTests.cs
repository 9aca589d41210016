using Features.Plugins.Tests.Harness;
using Features.PluginSdk;

namespace Features.Plugins.Tests.Technical;

/// <summary>Rules spanning several parameters are refused by <see cref="IFeaturePlugin.Validate"/>, not by the kernel.</summary>
public sealed class CrossParameterRulesTests
{
    [Theory]
    [InlineData("technical.awesome", "fast_period", 34L, "slow_period", 34L)]
    [InlineData("technical.kama", "fast_period", 30L, "slow_period", 2L)]
    [InlineData("technical.macd", "fast_period", 26L, "slow_period", 12L)]
    [InlineData("technical.pvo", "fast_period", 26L, "slow_period", 26L)]
    [InlineData("technical.mama", "fast_limit", 0.05, "slow_limit", 0.5)]
    public void Fast_must_be_faster_than_slow(string key, string fastName, object fast, string slowName, object slow)
    {
        var plugin = PluginPacks.Get(key).Plugin;
        var values = KernelRunner.Parameters(plugin, new Dictionary<string, object?> { [fastName] = fast, [slowName] = slow });
        plugin.Validate(values).ShouldContain(e => e.Parameter == fastName);
        plugin.Validate(KernelRunner.Parameters(plugin)).ShouldBeEmpty();
    }
}
