using Features.Host.Events;

namespace Features.Host.Fundamentals;

public static class FundamentalsSetup
{
    /// <summary>The fundamentals data layer: ingestion of SEC and vendor facts, and their point-in-time reads.</summary>
    public static IServiceCollection AddFundamentals(this IServiceCollection services)
    {
        services.AddSingleton<FundamentalStore>();
        services.AddSingleton<FundamentalIngestion>();
        services.AddSingleton<IEventSource, FundamentalEventSource>();
        return services;
    }
}
