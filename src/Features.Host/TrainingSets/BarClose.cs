using Features.Host.MarketData;

namespace Features.Host.TrainingSets;

/// <summary>
/// When a bar's value becomes known. Our bars are stamped in UTC at the start of their period, so a bar
/// closes when its period ends: a <c>1h</c> bar stamped 10:00 closes at 11:00, a <c>1d</c> bar stamped
/// 2024-01-02 closes at 2024-01-03T00:00Z (the end of that UTC day, after every intraday bar of the day),
/// a <c>1w</c> bar seven days after its stamp, a <c>1mo</c> bar at the first instant of the next calendar
/// month (not after a nominal 30 days). A value is visible to a row once its bar's close is at or before
/// the row's own bar close (docs/TRAINING_SETS.md).
/// </summary>
public static class BarClose
{
    private const long MicrosPerTick = 10;

    /// <summary>The close of the bar stamped <paramref name="stampMicros"/> (Unix µs UTC) on <paramref name="timeframe"/>.</summary>
    public static long Of(long stampMicros, string timeframe)
    {
        if (timeframe == "1mo")
        {
            var start = DateTime.UnixEpoch.AddTicks(stampMicros * MicrosPerTick);
            var nextMonth = new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
            return (nextMonth - DateTime.UnixEpoch).Ticks / MicrosPerTick;
        }
        return stampMicros + Timeframes.Interval(timeframe).Ticks / MicrosPerTick;
    }

    /// <summary>The closes of a whole series of stamps.</summary>
    public static long[] Of(ReadOnlySpan<long> stamps, string timeframe)
    {
        var closes = new long[stamps.Length];
        for (var i = 0; i < stamps.Length; i++) closes[i] = Of(stamps[i], timeframe);
        return closes;
    }
}
