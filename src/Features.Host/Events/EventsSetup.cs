namespace Features.Host.Events;

/// <summary>The event plumbing: the session calendar (<c>Features:Events</c>) and the sources by kind.</summary>
public static class EventsSetup
{
    /// <summary>Registers the calendar and <see cref="EventSources"/>; each data layer adds its <see cref="IEventSource"/> as a singleton.</summary>
    public static void AddEvents(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Features:Events").Get<EventOptions>() ?? new EventOptions();
        services.AddSingleton(options);
        services.AddSingleton<SessionCalendar>();
        services.AddSingleton<EventSources>();
    }
}
