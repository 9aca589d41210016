using Features.Host.Fundamentals;

namespace Features.Host.Tests.Fundamentals;

public sealed class FilingClockTests
{
    private static DateTime KnownFromEastern(string eastern) =>
        FilingClock.KnownFrom(FilingClock.EasternToUtc(DateTime.Parse(eastern, System.Globalization.CultureInfo.InvariantCulture))!.Value);

    [Theory]
    // Winter (EST, UTC-5): 17:29 counts at once; 17:31 from 00:00 ET of the next business day.
    [InlineData("2023-02-15 17:29:00", "2023-02-15T22:29:00Z")]
    [InlineData("2023-02-15 17:30:00", "2023-02-15T22:30:00Z")]
    [InlineData("2023-02-15 17:31:00", "2023-02-16T05:00:00Z")]
    // Summer (EDT, UTC-4): the same wall-clock rule, a different UTC hour.
    [InlineData("2023-05-03 17:29:00", "2023-05-03T21:29:00Z")]
    [InlineData("2023-05-03 17:31:00", "2023-05-04T04:00:00Z")]
    // A Friday evening before the spring change: Monday 00:00 is EDT already.
    [InlineData("2023-03-10 17:31:00", "2023-03-13T04:00:00Z")]
    // A Friday evening before the autumn change: Monday 00:00 is EST again.
    [InlineData("2023-11-03 17:45:00", "2023-11-06T05:00:00Z")]
    // The evening before Thanksgiving counts from the Friday; a Saturday from the Monday.
    [InlineData("2023-11-22 18:00:00", "2023-11-24T05:00:00Z")]
    [InlineData("2023-11-25 10:00:00", "2023-11-27T05:00:00Z")]
    public void A_filing_counts_from_its_acceptance_or_after_17_30_Eastern_from_the_next_business_day(string acceptedEastern, string knownUtc)
    {
        KnownFromEastern(acceptedEastern).ShouldBe(DateTime.Parse(knownUtc, null, System.Globalization.DateTimeStyles.AdjustToUniversal));
        KnownFromEastern(acceptedEastern).Kind.ShouldBe(DateTimeKind.Utc);
    }

    [Fact]
    public void A_time_in_the_spring_forward_gap_does_not_exist()
    {
        FilingClock.EasternToUtc(new DateTime(2024, 3, 10, 2, 30, 0)).ShouldBeNull();
        FilingClock.EasternToUtc(new DateTime(2024, 3, 10, 3, 30, 0)).ShouldBe(new DateTime(2024, 3, 10, 7, 30, 0, DateTimeKind.Utc));
    }

    [Theory]
    [InlineData(2022, 1, 1, false)]   // a Saturday: its holiday is observed on the Friday before
    [InlineData(2021, 12, 31, true)]  // New Year's Day 2022 (a Saturday) observed on the Friday
    [InlineData(2023, 1, 16, true)]   // Martin Luther King Jr. Day
    [InlineData(2023, 6, 19, true)]   // Juneteenth
    [InlineData(2020, 6, 19, false)]  // before Juneteenth was a federal holiday
    [InlineData(2023, 7, 4, true)]
    [InlineData(2023, 11, 23, true)]  // Thanksgiving
    [InlineData(2022, 12, 26, true)]  // Christmas (a Sunday) observed on the Monday
    [InlineData(2023, 11, 24, false)] // the day after Thanksgiving is a business day
    public void Federal_holidays_are_known_as_observed(int year, int month, int day, bool holiday) =>
        EdgarCalendar.IsFederalHoliday(new DateOnly(year, month, day)).ShouldBe(holiday);
}
