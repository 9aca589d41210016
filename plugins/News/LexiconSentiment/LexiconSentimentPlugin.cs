using Features.Plugins.News.Common;
using Features.PluginSdk;

namespace Features.Plugins.News.LexiconSentiment;

/// <summary>The parameters of <see cref="LexiconSentimentPlugin"/>.</summary>
public sealed class LexiconSentimentParameters : NewsParameters
{
    [Parameter("Name of an uploaded lexicon (POST /api/v1/news/lexicons/{name}, CSV word,polarity); required.")]
    public string? Lexicon { get; init; }

    [Parameter("Score the bodies too (when the vendor sent them), not only the headlines.")]
    public bool IncludeBody { get; init; }

    [Parameter("A lexicon word preceded within this many words by a negation (not, no, never, without, ...n't) counts with its polarity flipped; 0 turns negation off.", Minimum = 0, Maximum = 10)]
    public int NegationWindow { get; init; } = 3;
}

/// <summary>Sentiment of the bar's news scored against a user's word list.</summary>
public sealed class LexiconSentimentPlugin() : FeaturePlugin<LexiconSentimentParameters>(new()
{
    Key = "news.lexicon_sentiment",
    Type = FeatureType.News,
    Version = NewsPack.Version,
    Description = "Scores each item (relevance at least min_relevance) against an uploaded lexicon: its words (lower case; letters, digits and " +
                  "apostrophes) are looked up, each match adds its polarity, flipped when one of not, no, never, none, neither, nor, " +
                  "without, cannot or a word ending in n't stands within negation_window words before it (the negation words themselves " +
                  "are not scored). An item's score is the sum over its matches divided by their number (0 without matches); score is " +
                  "the mean over the bar's items, matches their total. " + NewsPack.Delivery,
    Outputs = Outputs.Columns,
    InputColumns = ["timestamp"],
    WarmupRule = "none",
})
{
    private static readonly EventInput<LexiconWord> Words = new("lexicon", EventKinds.Lexicon);

    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal) { "not", "no", "never", "none", "neither", "nor", "without", "cannot" };

    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Score = Outputs.Float("score", "Mean lexicon score of the bar's items; null without items.");
    private static readonly FloatOutput Matches = Outputs.Float("matches", "Lexicon words matched in the bar's items; 0 without items.");

    protected override int WarmupBars(LexiconSentimentParameters p) => 0;

    protected override IReadOnlyList<EventSeriesRequest> EventSeries(LexiconSentimentParameters p) =>
        [NewsPack.Items.For(latency: p.Latency.Value), Words.For(p.Lexicon, history: EventHistory.All)];

    protected override IFeatureKernel CreateKernel(LexiconSentimentParameters p, KernelContext context) =>
        new Kernel(NewsPack.Items.Open(context), Words.Open(context), p);

    private static bool IsNegation(string word) => Negations.Contains(word) || word.EndsWith("n't", StringComparison.Ordinal);

    private sealed class Kernel(IEventStream<NewsItem> news, IEventStream<LexiconWord> words, LexiconSentimentParameters p) : FeatureKernel(Outputs)
    {
        private readonly Dictionary<string, double> _polarity = new(StringComparer.Ordinal);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            Span<double> score = outputs[Score], matches = outputs[Matches];
            for (var i = 0; i < bars.Length; i++)
            {
                // The lexicon is known from the beginning: it arrives with the first bar.
                foreach (var word in words.Take(bars.Timestamp[i])) _polarity[word.Word] = word.Polarity;
                int items = 0, matched = 0;
                double total = 0;
                foreach (var item in news.Take(bars.Timestamp[i]))
                {
                    if (!NewsPack.Relevant(item, p.MinRelevance)) continue;
                    var (sum, hits) = ScoreText(item.Headline);
                    if (p.IncludeBody && item.Body is { } body)
                    {
                        var (bodySum, bodyHits) = ScoreText(body);
                        (sum, hits) = (sum + bodySum, hits + bodyHits);
                    }
                    total += hits > 0 ? sum / hits : 0;
                    matched += hits;
                    items++;
                }
                score[i] = items > 0 ? total / items : double.NaN;
                matches[i] = matched;
            }
        }

        private (double Sum, int Hits) ScoreText(string text)
        {
            var tokens = Headlines.Words(text);
            double sum = 0;
            var hits = 0;
            var lastNegation = int.MinValue / 2;
            for (var t = 0; t < tokens.Count; t++)
            {
                if (IsNegation(tokens[t]))
                {
                    lastNegation = t;
                    continue;
                }
                if (!_polarity.TryGetValue(tokens[t], out var polarity)) continue;
                sum += t - lastNegation <= p.NegationWindow ? -polarity : polarity;
                hits++;
            }
            return (sum, hits);
        }
    }
}
