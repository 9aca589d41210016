using Features.Plugins.News.Common;
using Features.PluginSdk;

namespace Features.Plugins.News.Novelty;

/// <summary>The parameters of <see cref="NoveltyPlugin"/>.</summary>
public sealed class NoveltyParameters : NewsParameters
{
    [Parameter("Hours before an item within which an earlier headline of the symbol makes it a repeat.", Minimum = 1, Maximum = 720)]
    public int LookbackHours { get; init; } = 24;

    [Parameter("Word-shingle Jaccard similarity at or above which two headlines are near-duplicates.", Minimum = 0.01, Maximum = 1)]
    public double Threshold { get; init; } = 0.6;

    [Parameter("Words per shingle.", Minimum = 1, Maximum = 5)]
    public int ShingleSize { get; init; } = 2;
}

/// <summary>The share of the bar's items that are new stories rather than repeats of recent headlines (computed here, not the vendor's field).</summary>
public sealed class NoveltyPlugin() : FeaturePlugin<NoveltyParameters>(new()
{
    Key = "news.novelty",
    Type = FeatureType.News,
    Version = NewsPack.Version,
    Description = "Share of the bar's items (relevance at least min_relevance) whose headline is not a near-duplicate of any headline of the " +
                  "symbol published in the lookback_hours before it (earlier items of the same bar included): near-duplicate means " +
                  "Jaccard similarity of their sets of shingle_size-word shingles (lower-case words) at or above threshold. Null on a bar " +
                  "without items. The vendor's novelty field is not used. " + NewsPack.Delivery,
    Outputs = Outputs.Columns,
    InputColumns = ["timestamp"],
    WarmupRule = "lookback_hours + 1 bars (enough for bars of an hour or longer)",
})
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Novelty = Outputs.Float("novelty", "Share (0..1) of the bar's items that are not near-duplicates of a recent headline; null without items.");
    private static readonly FloatOutput NovelCount = Outputs.Float("novel_count", "How many of the bar's items are novel; 0 without items.");

    protected override int WarmupBars(NoveltyParameters p) => p.LookbackHours + 1;

    protected override IReadOnlyList<EventSeriesRequest> EventSeries(NoveltyParameters p) => [NewsPack.Items.For(latency: p.Latency.Value)];

    protected override IFeatureKernel CreateKernel(NoveltyParameters p, KernelContext context) => new Kernel(NewsPack.Items.Open(context), p);

    private sealed class Kernel(IEventStream<NewsItem> news, NoveltyParameters p) : FeatureKernel(Outputs)
    {
        private readonly long _lookback = p.LookbackHours * 3_600_000_000L;
        private readonly Queue<(long PublishedAt, HashSet<string> Shingles)> _recent = new();

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            Span<double> novelty = outputs[Novelty], novel = outputs[NovelCount];
            for (var i = 0; i < bars.Length; i++)
            {
                int items = 0, fresh = 0;
                foreach (var item in news.Take(bars.Timestamp[i]))
                {
                    if (!NewsPack.Relevant(item, p.MinRelevance)) continue;
                    while (_recent.Count > 0 && _recent.Peek().PublishedAt < item.PublishedAt - _lookback) _recent.Dequeue();
                    var shingles = Headlines.Shingles(item.Headline, p.ShingleSize);
                    var repeat = false;
                    foreach (var (_, earlier) in _recent)
                    {
                        if (Headlines.Jaccard(shingles, earlier) >= p.Threshold)
                        {
                            repeat = true;
                            break;
                        }
                    }
                    items++;
                    if (!repeat) fresh++;
                    _recent.Enqueue((item.PublishedAt, shingles));
                }
                novelty[i] = items > 0 ? (double)fresh / items : double.NaN;
                novel[i] = fresh;
            }
        }
    }
}
