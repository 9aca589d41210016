namespace Features.Host.Storage;

/// <summary>UTC now at microsecond precision, what PostgreSQL stores, so a response matches a later read.</summary>
public static class StorageClock
{
    public static DateTime UtcNow
    {
        get
        {
            var now = DateTime.UtcNow;
            return new DateTime(now.Ticks - now.Ticks % 10, DateTimeKind.Utc);
        }
    }
}
