using static Features.Plugins.Tests.Macro.MacroFixtures;

namespace Features.Plugins.Tests.Macro;

/// <summary>macro.spread of an irregular yield series and a monthly policy rate, worked by hand.</summary>
public sealed class SpreadTests
{
    private static readonly Features.PluginSdk.Bar[] Yield =
        [Observation(Date(2024, 1, 1), 4.0), Observation(Date(2024, 1, 10), 4.2), Observation(Date(2024, 2, 5), 4.1)];

    private static readonly Features.PluginSdk.Bar[] Rate = Monthly(Date(2024, 1, 1), 5.25, 5.5);

    private static OutputTable Run(string lag, Features.PluginSdk.Bar[]? rate = null) =>
        MacroFixtures.Run("macro.spread", Days2024, new() { ["series"] = "DGS10", ["series2"] = "FEDFUNDS", ["release_lag"] = lag },
            Cursors(("series", Yield), ("series2", rate ?? Rate)));

    [Theory]
    [InlineData("0s", 0)]
    [InlineData("1d", 1)]
    [InlineData("15d", 15)]
    public void Spread_is_the_difference_of_the_two_as_of_values(string lag, int days)
    {
        var t = Run(lag);
        int Row(DateTime d) => (d - Date(2024, 1, 1)).Days + days;
        double? At(DateTime d, int offset = 0) => (double?)t["spread"][Row(d) + offset];
        if (days > 0) At(Date(2024, 1, 1), -1).ShouldBeNull();
        At(Date(2024, 1, 1)).ShouldBeNear(4.0 - 5.25);
        At(Date(2024, 1, 10), -1).ShouldBeNear(4.0 - 5.25);
        At(Date(2024, 1, 10)).ShouldBeNear(4.2 - 5.25);
        At(Date(2024, 2, 1)).ShouldBeNear(4.2 - 5.5);
        At(Date(2024, 2, 5)).ShouldBeNear(4.1 - 5.5);
        ((double?)t["spread"][^1]).ShouldBeNear(4.1 - 5.5);
    }

    [Fact]
    public void Spread_is_null_until_both_series_have_a_usable_observation()
    {
        var t = Run("0s", [Observation(Date(2024, 1, 20), 5.0)]);
        t.At("spread", 1, 19).ShouldBeNull();
        t.At("spread", 1, 20).ShouldBeNear(4.2 - 5.0);
    }
}
