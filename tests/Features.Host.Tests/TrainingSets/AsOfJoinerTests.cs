using Features.Host.TrainingSets;
using static Features.Host.Tests.TrainingSets.TrainingSetData;

namespace Features.Host.Tests.TrainingSets;

public sealed class AsOfJoinerTests
{
    [Fact]
    public void Bar_close_is_the_end_of_the_period_and_a_month_ends_on_the_calendar()
    {
        BarClose.Of(Micros(2024, 1, 2, 10), "1h").ShouldBe(Micros(2024, 1, 2, 11));
        BarClose.Of(Micros(2024, 1, 2), "1d").ShouldBe(Micros(2024, 1, 3));
        BarClose.Of(Micros(2024, 1, 1), "1w").ShouldBe(Micros(2024, 1, 8));
        BarClose.Of(Micros(2024, 2, 1), "1mo").ShouldBe(Micros(2024, 3, 1));
        BarClose.Of(Micros(2023, 12, 1), "1mo").ShouldBe(Micros(2024, 1, 1));
    }

    [Fact]
    public void A_daily_value_reaches_hourly_rows_only_at_the_last_bar_of_its_day()
    {
        // Hourly rows across 2024-01-02 and the morning of 01-03; daily values 1 (01-01), 2 (01-02), 3 (01-03).
        var rows = Enumerable.Range(0, 30).Select(h => Micros(2024, 1, 2) + h * Hour).ToArray();
        var daily = new MemberSeries("1d", [Micros(2024, 1, 1), Micros(2024, 1, 2), Micros(2024, 1, 3)], [[1.0, 2.0, 3.0]]);

        var values = Join(rows, "1h", daily, AsOfRule.Latest);

        values[0].ShouldBe(1); // 00:00 on 01-02 sees only the day that closed at its start
        values[22].ShouldBe(1); // the 22:00 bar closes at 23:00: the 01-02 day is still open
        values[23].ShouldBe(2); // the 23:00 bar closes at midnight, with the day
        values[24].ShouldBe(2); // 01-03 00:00
        values[29].ShouldBe(2); // the 01-03 day has not closed by 06:00
    }

    [Fact]
    public void On_its_own_timeframe_a_row_sees_its_own_bar()
    {
        var rows = Days(Micros(2024, 1, 1), 3);
        var member = new MemberSeries("1d", rows, [[10.0, 11.0, 12.0]]);

        Join(rows, "1d", member, AsOfRule.Latest).ShouldBe([10.0, 11.0, 12.0]);
    }

    [Fact]
    public void Lag_steps_back_whole_member_bars_and_is_null_before_the_first()
    {
        var rows = Days(Micros(2024, 1, 1), 4);
        var member = new MemberSeries("1d", rows, [[10.0, 11.0, 12.0, 13.0]]);

        var lagged = Join(rows, "1d", member, new AsOfRule(Lag: 2));

        double.IsNaN(lagged[0]).ShouldBeTrue();
        double.IsNaN(lagged[1]).ShouldBeTrue();
        lagged[2].ShouldBe(10);
        lagged[3].ShouldBe(11);
    }

    [Fact]
    public void A_monthly_series_is_visible_from_the_first_daily_row_closing_after_its_month_and_goes_stale()
    {
        var rows = Days(Micros(2024, 1, 30), 45); // 2024-01-30 .. 2024-03-14
        var monthly = new MemberSeries("1mo", [Micros(2024, 1, 1)], [[5.0]]);

        var values = Join(rows, "1d", monthly, AsOfRule.Latest);
        double.IsNaN(values[0]).ShouldBeTrue(); // 01-30 closes 01-31 00:00: January is open
        values[1].ShouldBe(5); // 01-31 closes at 02-01 00:00 = January's close

        var stale = Join(rows, "1d", monthly, new AsOfRule(MaxStalenessMicros: 10 * Day));
        stale[1].ShouldBe(5);
        stale[11].ShouldBe(5); // 02-10 closes 02-11: exactly 10 days after February 1st
        double.IsNaN(stale[12]).ShouldBeTrue(); // 02-11 closes 10 days + 1 after
    }

    [Fact]
    public void Staleness_counts_from_the_lagged_bar()
    {
        var rows = Days(Micros(2024, 1, 1), 3);
        var member = new MemberSeries("1d", rows, [[10.0, 11.0, 12.0]]);

        var values = Join(rows, "1d", member, new AsOfRule(Lag: 1, MaxStalenessMicros: Day));

        values[1].ShouldBe(10); // the 01-01 bar closed one day before the 01-02 row closes
        values[2].ShouldBe(11);
    }

    private static double[] Join(long[] rows, string timeframe, MemberSeries member, AsOfRule rule)
    {
        var target = new double[rows.Length];
        AsOfJoiner.Join(BarClose.Of(rows, timeframe), member, rule, [target]);
        return target;
    }
}
