namespace Features.Host.Warmup;

public static class WarmupSetup
{
    /// <summary>Binds and checks <c>Features:Warmup</c> and registers the start-up warm-up.</summary>
    public static void AddStartupWarmup(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Features:Warmup").Get<WarmupOptions>() ?? new WarmupOptions();
        options.Check();
        services.AddSingleton(options);
        services.AddSingleton<StartupWarmup>();
        services.AddHostedService(sp => sp.GetRequiredService<StartupWarmup>());
    }
}
