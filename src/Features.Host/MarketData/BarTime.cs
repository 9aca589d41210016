namespace Features.Host.MarketData;

/// <summary>Bar timestamps are Unix microseconds UTC; these turn them into what the API shows.</summary>
public static class BarTime
{
    public static DateTime? ToDateTime(long? micros) => micros is { } m ? DateTime.UnixEpoch.AddTicks(m * 10) : null;

    public static string Format(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFZ");
}
