using Features.Host.Events;

namespace Features.Host.News;

/// <summary>The news data layer: its store, its limits (<c>Features:News</c>), and its event sources (news items, lexicons).</summary>
public static class NewsSetup
{
    public static void AddNews(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("Features:News").Get<NewsOptions>() ?? new NewsOptions());
        services.AddSingleton<NewsStore>();
        services.AddSingleton<NewsSample>();
        services.AddSingleton<IEventSource, NewsEventSource>();
        services.AddSingleton<IEventSource, LexiconEventSource>();
    }
}
