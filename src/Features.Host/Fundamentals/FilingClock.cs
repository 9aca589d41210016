namespace Features.Host.Fundamentals;

/// <summary>
/// When a filing's facts become usable. EDGAR stamps <c>accepted</c> in US Eastern time; a filing accepted after
/// 17:30 Eastern (or on a weekend or federal holiday, when EDGAR is closed) takes the next business day's filing
/// date, so it counts from 00:00 Eastern of that day. Daylight saving is the tz database's (America/New_York).
/// </summary>
public static class FilingClock
{
    public static readonly TimeSpan Cutoff = new(17, 30, 0);

    public static readonly TimeZoneInfo Eastern = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>An Eastern wall-clock time as UTC; null for a time the spring-forward gap skips.</summary>
    public static DateTime? EasternToUtc(DateTime eastern)
    {
        var local = DateTime.SpecifyKind(eastern, DateTimeKind.Unspecified);
        if (Eastern.IsInvalidTime(local)) return null;
        return TimeZoneInfo.ConvertTimeToUtc(local, Eastern);
    }

    /// <summary>The instant from which a filing accepted at <paramref name="acceptedUtc"/> counts, UTC.</summary>
    public static DateTime KnownFrom(DateTime acceptedUtc)
    {
        var eastern = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(acceptedUtc, DateTimeKind.Utc), Eastern);
        var day = DateOnly.FromDateTime(eastern);
        if (EdgarCalendar.IsBusinessDay(day) && eastern.TimeOfDay <= Cutoff) return DateTime.SpecifyKind(acceptedUtc, DateTimeKind.Utc);
        var next = EdgarCalendar.NextBusinessDay(day);
        return TimeZoneInfo.ConvertTimeToUtc(next.ToDateTime(TimeOnly.MinValue), Eastern);
    }
}

/// <summary>EDGAR's business days: Monday to Friday except US federal holidays (as observed: Saturday's on the Friday, Sunday's on the Monday).</summary>
public static class EdgarCalendar
{
    public static bool IsBusinessDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsFederalHoliday(day);

    public static DateOnly NextBusinessDay(DateOnly day)
    {
        do day = day.AddDays(1); while (!IsBusinessDay(day));
        return day;
    }

    public static bool IsFederalHoliday(DateOnly day)
    {
        var year = day.Year;
        // New Year's Day of the next year may be observed on December 31.
        return day == Observed(new DateOnly(year, 1, 1)) || day == Observed(new DateOnly(year + 1, 1, 1))
            || day == Nth(year, 1, DayOfWeek.Monday, 3)          // Martin Luther King Jr. Day
            || day == Nth(year, 2, DayOfWeek.Monday, 3)          // Washington's Birthday
            || day == Last(year, 5, DayOfWeek.Monday)            // Memorial Day
            || (year >= 2021 && day == Observed(new DateOnly(year, 6, 19))) // Juneteenth
            || day == Observed(new DateOnly(year, 7, 4))
            || day == Nth(year, 9, DayOfWeek.Monday, 1)          // Labor Day
            || day == Nth(year, 10, DayOfWeek.Monday, 2)         // Columbus Day
            || day == Observed(new DateOnly(year, 11, 11))       // Veterans Day
            || day == Nth(year, 11, DayOfWeek.Thursday, 4)       // Thanksgiving
            || day == Observed(new DateOnly(year, 12, 25));
    }

    private static DateOnly Observed(DateOnly holiday) => holiday.DayOfWeek switch
    {
        DayOfWeek.Saturday => holiday.AddDays(-1),
        DayOfWeek.Sunday => holiday.AddDays(1),
        _ => holiday,
    };

    private static DateOnly Nth(int year, int month, DayOfWeek weekday, int n)
    {
        var first = new DateOnly(year, month, 1);
        return first.AddDays(((int)weekday - (int)first.DayOfWeek + 7) % 7 + 7 * (n - 1));
    }

    private static DateOnly Last(int year, int month, DayOfWeek weekday)
    {
        var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(((int)last.DayOfWeek - (int)weekday + 7) % 7));
    }
}
