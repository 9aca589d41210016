using Features.PluginSdk;

namespace Features.Plugins.News.Common;

/// <summary>Facts shared by every plugin of the news pack.</summary>
internal static class NewsPack
{
    /// <summary>The pack's version; bump it when any kernel's output changes.</summary>
    public const string Version = "1.0.0";

    /// <summary>The news items of the feature's symbol, declared once for every plugin of the pack.</summary>
    public static readonly EventInput<NewsItem> Items = new("news", EventKinds.News);

    /// <summary>How each plugin says which items a bar gets, in its description.</summary>
    public const string Delivery =
        "An item counts toward the first bar whose close minus `latency` is strictly after its published_at: an item exactly at " +
        "the close, or after it, belongs to the next bar; items on weekends and holidays roll forward to the next trading bar. " +
        "Daily bars close at the exchange's session close (16:00 New York by default).";

    /// <summary>True when the item passes <c>min_relevance</c>; an item without a vendor relevance passes any filter.</summary>
    public static bool Relevant(NewsItem item, double minRelevance) => (item.Relevance ?? 1) >= minRelevance;

    /// <summary>Takes the items delivered with the bar stamped <paramref name="barTimestamp"/> and counts those that pass <c>min_relevance</c>.</summary>
    public static int CountAt(IEventStream<NewsItem> news, long barTimestamp, double minRelevance)
    {
        var count = 0;
        foreach (var item in news.Take(barTimestamp))
        {
            if (Relevant(item, minRelevance)) count++;
        }
        return count;
    }
}

/// <summary>The shared <c>latency</c> parameter: <c>[Latency] public Duration Latency { get; init; } = Duration.Parse("0s");</c>.</summary>
internal sealed class LatencyAttribute() : ParameterAttribute(
    "Processing delay: an item counts toward a bar only if published strictly before the bar's close minus latency (0s: before the close).");

/// <summary>The shared <c>min_relevance</c> parameter.</summary>
internal sealed class MinRelevanceAttribute : ParameterAttribute
{
    public MinRelevanceAttribute() : base("Items whose vendor relevance is below this are ignored (an item without a relevance is kept); 0 keeps all.")
    {
        Minimum = 0;
        Maximum = 1;
    }
}

/// <summary>The parameters every news plugin has.</summary>
public class NewsParameters
{
    [MinRelevance]
    public double MinRelevance { get; init; }

    [Latency]
    public Duration Latency { get; init; } = Duration.Parse("0s");
}
