using static Features.Plugins.Tests.Macro.MacroFixtures;

namespace Features.Plugins.Tests.Macro;

/// <summary>macro.change over the series' own observations, worked by hand on monthly CPI 100, 101, 102.5, 102.</summary>
public sealed class ChangeTests
{
    private static OutputTable Run(string method, int periods, string lag, Features.PluginSdk.Bar[]? series = null) =>
        MacroFixtures.Run("macro.change", Days2024,
            new() { ["series"] = "CPI", ["method"] = method, ["periods"] = (long)periods, ["release_lag"] = lag },
            Cursors(("series", series ?? Cpi)));

    [Fact]
    public void Absolute_change_over_one_observation_is_held_until_the_next_print()
    {
        var t = Run("absolute", 1, "0s");
        t.At("change", 1, 1).ShouldBeNull();
        t.At("change", 1, 31).ShouldBeNull();
        t.At("change", 2, 1).ShouldBeNear(1);
        t.At("change", 2, 29).ShouldBeNear(1);
        t.At("change", 3, 1).ShouldBeNear(1.5);
        t.At("change", 4, 1).ShouldBeNear(-0.5);
        t.At("change", 4, 30).ShouldBeNear(-0.5);
    }

    [Fact]
    public void Percent_and_log_change_use_the_previous_observation_as_base()
    {
        var percent = Run("percent", 1, "0s");
        percent.At("change", 2, 1).ShouldBeNear(1.0);
        percent.At("change", 3, 1).ShouldBeNear(100 * 1.5 / 101);
        percent.At("change", 4, 1).ShouldBeNear(100 * -0.5 / 102.5);
        var log = Run("log", 1, "0s");
        log.At("change", 2, 1).ShouldBeNear(Math.Log(101.0 / 100));
        log.At("change", 4, 1).ShouldBeNear(Math.Log(102 / 102.5));
    }

    [Fact]
    public void Periods_counts_observations_of_the_series_not_bars()
    {
        var t = Run("absolute", 2, "0s");
        t.At("change", 2, 29).ShouldBeNull();
        t.At("change", 3, 1).ShouldBeNear(2.5);
        t.At("change", 4, 1).ShouldBeNear(1.0);
        Run("absolute", 4, "0s")["change"].ShouldAllBe(v => v == null);
    }

    [Theory]
    [InlineData("1d", 2, 1, 2, 2)]
    [InlineData("15d", 2, 15, 2, 16)]
    public void A_release_lag_delays_the_change_to_the_release_date(string lag, int beforeMonth, int beforeDay, int month, int day)
    {
        var t = Run("absolute", 1, lag);
        t.At("change", beforeMonth, beforeDay).ShouldBeNull();
        t.At("change", month, day).ShouldBeNear(1);
        t.At("change", 3, 16).ShouldBeNear(1.5);
    }

    [Fact]
    public void A_zero_or_negative_base_gives_null_not_infinity()
    {
        var series = Monthly(Date(2024, 1, 1), 0, 1, -1, 2);
        var percent = Run("percent", 1, "0s", series);
        percent.At("change", 2, 1).ShouldBeNull();
        percent.At("change", 3, 1).ShouldBeNear(-200);
        var log = Run("log", 1, "0s", series);
        log.At("change", 2, 1).ShouldBeNull();
        log.At("change", 4, 1).ShouldBeNull();
        Run("absolute", 1, "0s", series).At("change", 4, 1).ShouldBeNear(3);
    }
}
