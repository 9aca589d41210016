using Features.Plugins.News.Common;
using Features.PluginSdk;

namespace Features.Plugins.News.Sentiment;

/// <summary>The parameters of <see cref="SentimentPlugin"/>.</summary>
public sealed class SentimentParameters : NewsParameters
{
    [Parameter("Half-life, in bars, of the exponentially weighted mean.", Minimum = 0.1, Maximum = 1000)]
    public double HalfLife { get; init; } = 5;
}

/// <summary>The vendor's sentiment of the bar's news, and an exponentially weighted mean that carries across quiet bars.</summary>
public sealed class SentimentPlugin() : FeaturePlugin<SentimentParameters>(new()
{
    Key = "news.sentiment",
    Type = FeatureType.News,
    Version = NewsPack.Version,
    Description = "Vendor sentiment (−1..1) of the items that became available during the bar (relevance at least min_relevance; items " +
                  "without a sentiment are skipped): mean, relevance-weighted mean (an item without a relevance weighs 1) and sum; " +
                  "ewm is Σ decayᵏ·sentiment / Σ decayᵏ over every item so far, k its age in bars and decay = 0.5^(1/half_life), so it " +
                  "keeps its value through bars without news. " + NewsPack.Delivery,
    Outputs = Outputs.Columns,
    InputColumns = ["timestamp"],
    WarmupRule = "ceil(10 × half_life) bars (older items weigh under 0.1 %; the ewm converges, it does not equal the full history's)",
})
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Mean = Outputs.Float("mean", "Mean sentiment of the bar's items; null without any.");
    private static readonly FloatOutput WeightedMean = Outputs.Float("weighted_mean", "Relevance-weighted mean sentiment of the bar's items; null without any.");
    private static readonly FloatOutput Sum = Outputs.Float("sum", "Sum of the sentiment of the bar's items; 0 without any.");
    private static readonly FloatOutput Ewm = Outputs.Float("ewm", "Exponentially weighted mean sentiment with half-life half_life bars, carried across bars without news; null before the first item.");

    protected override int WarmupBars(SentimentParameters p) => (int)Math.Ceiling(10 * p.HalfLife);

    protected override IReadOnlyList<EventSeriesRequest> EventSeries(SentimentParameters p) => [NewsPack.Items.For(latency: p.Latency.Value)];

    protected override IFeatureKernel CreateKernel(SentimentParameters p, KernelContext context) =>
        new Kernel(NewsPack.Items.Open(context), p.MinRelevance, Math.Pow(0.5, 1 / p.HalfLife));

    private sealed class Kernel(IEventStream<NewsItem> news, double minRelevance, double decay) : FeatureKernel(Outputs)
    {
        private double _weightedSum;
        private double _weight;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            Span<double> mean = outputs[Mean], weighted = outputs[WeightedMean], sum = outputs[Sum], ewm = outputs[Ewm];
            for (var i = 0; i < bars.Length; i++)
            {
                double total = 0, relevanceTotal = 0, relevanceWeighted = 0;
                var count = 0;
                foreach (var item in news.Take(bars.Timestamp[i]))
                {
                    if (item.Sentiment is not { } s || !NewsPack.Relevant(item, minRelevance)) continue;
                    var relevance = item.Relevance ?? 1;
                    total += s;
                    relevanceTotal += relevance;
                    relevanceWeighted += relevance * s;
                    count++;
                }
                _weightedSum = _weightedSum * decay + total;
                _weight = _weight * decay + count;
                mean[i] = count > 0 ? total / count : double.NaN;
                weighted[i] = relevanceTotal > 0 ? relevanceWeighted / relevanceTotal : double.NaN;
                sum[i] = total;
                ewm[i] = _weight > 0 ? _weightedSum / _weight : double.NaN;
            }
        }
    }
}
