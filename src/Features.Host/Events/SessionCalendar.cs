namespace Features.Host.Events;

/// <summary>Where bars close, for event delivery: <c>Features:Events</c>.</summary>
public sealed class EventOptions
{
    /// <summary>The exchange's time zone (IANA id), in which <see cref="SessionClose"/> is read.</summary>
    public string SessionTimeZone { get; set; } = "America/New_York";

    /// <summary>The regular session's close, local time (<c>HH:mm</c>).</summary>
    public string SessionClose { get; set; } = "16:00";
}

/// <summary>
/// When a bar closes, so an event can be delivered with the first bar at whose close it is known. A bar shorter than a
/// day (1m..4h) closes at its timestamp plus its length. A bar of a day or longer is stamped with its first day (any time
/// of day) and closes at the session close, in the exchange's time zone, of its last day: the timestamp's UTC date for
/// 1d, six days later for 1w, 29 days later for 1mo. The close of 1d bars therefore follows daylight saving time
/// (16:00 New York is 21:00 UTC in winter, 20:00 UTC in summer).
/// </summary>
public sealed class SessionCalendar
{
    private const long MicrosPerDay = 86_400_000_000L;
    private readonly TimeZoneInfo _zone;
    private readonly TimeOnly _close;

    public SessionCalendar(EventOptions options)
    {
        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.SessionTimeZone);
        _close = TimeOnly.ParseExact(options.SessionClose, "HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The rule for bars of <paramref name="timeframe"/>: bar timestamp to its close (Unix microseconds).</summary>
    public Func<long, long> BarClose(string timeframe)
    {
        var interval = MarketData.Timeframes.Interval(timeframe).Ticks / TimeSpan.TicksPerMicrosecond;
        if (interval < MicrosPerDay) return ts => ts + interval;
        var lastDay = interval - MicrosPerDay;
        return ts => SessionCloseOn(ts + lastDay);
    }

    /// <summary>The session close on the UTC date of <paramref name="micros"/>.</summary>
    public long SessionCloseOn(long micros)
    {
        var date = DateOnly.FromDateTime(DateTime.UnixEpoch.AddTicks(Math.Clamp(micros, -62_135_596_800_000_000L + MicrosPerDay, 253_402_300_799_000_000L - MicrosPerDay) * 10));
        var local = date.ToDateTime(_close, DateTimeKind.Unspecified);
        var utc = TimeZoneInfo.ConvertTimeToUtc(local, _zone);
        return (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;
    }
}
