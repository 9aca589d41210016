using static Features.Plugins.Tests.Macro.MacroFixtures;

namespace Features.Plugins.Tests.Macro;

/// <summary>macro.asof on monthly CPI against daily bars, worked by hand.</summary>
public sealed class AsOfTests
{
    private static OutputTable Run(string lag, Features.PluginSdk.Bar[]? bars = null) =>
        MacroFixtures.Run("macro.asof", bars ?? Days2024, new() { ["series"] = "CPI", ["release_lag"] = lag }, Cursors(("series", Cpi)));

    [Fact]
    public void Without_a_lag_an_observation_is_usable_on_its_own_timestamp()
    {
        var t = Run("0s");
        t.At("value", 1, 1).ShouldBeNear(100);
        t.At("age_days", 1, 1).ShouldBeNear(0);
        t.At("is_new", 1, 1).ShouldBeNear(1);
        t.At("value", 1, 2).ShouldBeNear(100);
        t.At("is_new", 1, 2).ShouldBeNear(0);
        t.At("value", 1, 31).ShouldBeNear(100);
        t.At("age_days", 1, 31).ShouldBeNear(30);
        t.At("value", 2, 1).ShouldBeNear(101);
        t.At("age_days", 2, 1).ShouldBeNear(0);
        t.At("is_new", 2, 1).ShouldBeNear(1);
        t.At("value", 3, 1).ShouldBeNear(102.5);
        t.At("value", 4, 30).ShouldBeNear(102);
        t.At("age_days", 4, 30).ShouldBeNear(29);
    }

    [Fact]
    public void A_one_day_lag_delays_each_observation_by_one_bar()
    {
        var t = Run("1d");
        t.At("value", 1, 1).ShouldBeNull();
        t.At("age_days", 1, 1).ShouldBeNull();
        t.At("is_new", 1, 1).ShouldBeNull();
        t.At("value", 1, 2).ShouldBeNear(100);
        t.At("age_days", 1, 2).ShouldBeNear(1);
        t.At("is_new", 1, 2).ShouldBeNear(1);
        t.At("value", 2, 1).ShouldBeNear(100);
        t.At("age_days", 2, 1).ShouldBeNear(31);
        t.At("is_new", 2, 1).ShouldBeNear(0);
        t.At("value", 2, 2).ShouldBeNear(101);
        t.At("age_days", 2, 2).ShouldBeNear(1);
    }

    [Fact]
    public void A_fifteen_day_lag_uses_the_previous_month_until_the_release_date()
    {
        var t = Run("15d");
        for (var day = 1; day <= 15; day++) t.At("value", 1, day).ShouldBeNull($"Jan {day}");
        t.At("value", 1, 16).ShouldBeNear(100);
        t.At("age_days", 1, 16).ShouldBeNear(15);
        t.At("is_new", 1, 16).ShouldBeNear(1);
        t.At("value", 2, 15).ShouldBeNear(100);
        t.At("age_days", 2, 15).ShouldBeNear(45);
        t.At("value", 2, 16).ShouldBeNear(101);
        t.At("age_days", 2, 16).ShouldBeNear(15);
        // 2024 is a leap year: Feb 1 + 43 days = Mar 15, and March's print lands on Mar 16.
        t.At("value", 3, 15).ShouldBeNear(101);
        t.At("age_days", 3, 15).ShouldBeNear(43);
        t.At("value", 3, 16).ShouldBeNear(102.5);
        t.At("value", 4, 16).ShouldBeNear(102);
        t["is_new"].Count(v => v is 1.0).ShouldBe(4);
    }

    [Fact]
    public void Age_is_fractional_for_bars_that_are_not_at_midnight()
    {
        var bars = DailyBars(Date(2024, 1, 1), 3, TimeSpan.FromHours(12));
        var t = Run("0s", bars);
        ((double?)t["value"][0]).ShouldBeNear(100);
        ((double?)t["age_days"][0]).ShouldBeNear(0.5);
        ((double?)t["age_days"][2]).ShouldBeNear(2.5);
    }

    [Fact]
    public void Bars_before_the_first_observation_are_null_and_an_empty_series_gives_nulls_throughout()
    {
        var late = MacroFixtures.Run("macro.asof", Days2024, new() { ["series"] = "CPI" }, Cursors(("series", Monthly(Date(2024, 3, 1), 7))));
        late.At("value", 2, 29).ShouldBeNull();
        late.At("value", 3, 1).ShouldBeNear(7);
        var none = MacroFixtures.Run("macro.asof", Days2024, new() { ["series"] = "CPI" }, Cursors(("series", [])));
        none["value"].ShouldAllBe(v => v == null);
    }
}
