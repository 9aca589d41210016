using System.Runtime.CompilerServices;
using Features.PluginSdk.Testing;

namespace HelloPlugin.Tests;

public sealed class MomentumConformanceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1000)]
    public void Momentum_keeps_the_plugin_contract(long period) =>
        new PluginConformance(new MomentumPlugin(), new ConformanceOptions { Parameters = new Dictionary<string, object?> { ["period"] = period } }).All();

    [Fact]
    public void Momentum_matches_its_golden_file() =>
        GoldenFile.Verify(new MomentumPlugin(), SyntheticBars.RandomWalk(250), Golden("momentum-10.csv"));

    // Golden files live beside this source file (FEATURES_UPDATE_GOLDEN=1 rewrites them there), not in bin/.
    private static string Golden(string name, [CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "golden", name);
}
