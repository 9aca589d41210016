using Features.Plugins.News.Common;
using Features.PluginSdk;

namespace Features.Plugins.News.Count;

/// <summary>How many news items of the symbol became known during each bar.</summary>
public sealed class CountPlugin() : FeaturePlugin<NewsParameters>(new()
{
    Key = "news.count",
    Type = FeatureType.News,
    Version = NewsPack.Version,
    Description = "Number of news items about this symbol that became available during the bar (relevance at least min_relevance). " +
                  NewsPack.Delivery + " 0 on a bar without news.",
    Outputs = Outputs.Columns,
    InputColumns = ["timestamp"],
    WarmupRule = "none",
})
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Count = Outputs.Float("count", "Items that became available during this bar.");

    protected override int WarmupBars(NewsParameters p) => 0;

    protected override IReadOnlyList<EventSeriesRequest> EventSeries(NewsParameters p) => [NewsPack.Items.For(latency: p.Latency.Value)];

    protected override IFeatureKernel CreateKernel(NewsParameters p, KernelContext context) => new Kernel(NewsPack.Items.Open(context), p.MinRelevance);

    private sealed class Kernel(IEventStream<NewsItem> news, double minRelevance) : FeatureKernel(Outputs)
    {
        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var count = outputs[Count];
            for (var i = 0; i < bars.Length; i++) count[i] = NewsPack.CountAt(news, bars.Timestamp[i], minRelevance);
        }
    }
}
