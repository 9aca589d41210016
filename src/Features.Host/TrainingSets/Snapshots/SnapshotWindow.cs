using Features.Host.MarketData;

namespace Features.Host.TrainingSets.Snapshots;

/// <summary>
/// The range of the dataset a snapshot reads for one member: whole UTC months, ending with the month of
/// <c>as_of</c> and reaching back 1 month (intraday), 12 months (<c>1d</c>, <c>1w</c>) or 60 months (<c>1mo</c>).
/// Whole months make every snapshot of the same month read the same datasets (one version hash each), so a
/// repeated or nearby <c>as_of</c> is answered from what is stored. Rows after <c>as_of</c> in that range are never
/// read: the as-of rule picks the latest bar closed at or before it.
/// </summary>
public static class SnapshotWindow
{
    public static (DateTime Start, DateTime End) For(DateTime asOf, string timeframe)
    {
        var month = new DateTime(asOf.Year, asOf.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return (month.AddMonths(-MonthsBack(timeframe)), month.AddMonths(1));
    }

    /// <summary>How many whole months before the month of <c>as_of</c> the window covers.</summary>
    public static int MonthsBack(string timeframe) => timeframe switch
    {
        "1mo" => 60,
        _ when Timeframes.Interval(timeframe) >= TimeSpan.FromDays(1) => 12,
        _ => 1,
    };
}
