using Features.PluginSdk;

namespace Features.Plugins.Tests.News;

/// <summary>Synthetic weekday bars and news items about them: at any hour, weekends included, with repeated stories.</summary>
public static class NewsFixtures
{
    public const string Symbol = "TEST";

    private static readonly (string Headline, double Sentiment)[] Stories =
    [
        ("Test Corp beats earnings estimates on strong demand", 0.7),
        ("Test Corp beats earnings estimates on strong demand again", 0.6),
        ("Analyst downgrades Test Corp on weak outlook", -0.6),
        ("Test Corp does not expect a lawsuit", 0.2),
        ("Test Corp announces record growth in services", 0.8),
        ("Test Corp misses revenue forecast", -0.5),
        ("Test Corp CEO to speak at conference", 0.0),
    ];

    /// <summary>Weekday bars stamped 00:00 UTC (as the store keeps daily bars).</summary>
    public static Bar[] WeekdayBars(int count) =>
        [.. SyntheticBars.RandomWalk(count * 7 / 5 + 7).Where(b => SyntheticBars.Time(b.Timestamp).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Take(count)];

    /// <summary>Items every 5 to 30 hours from before the first bar to past the last one; a few without relevance or sentiment.</summary>
    public static NewsItem[] Items(IReadOnlyList<Bar> bars, int seed = 7)
    {
        var random = new Random(seed);
        var items = new List<NewsItem>();
        var end = bars[^1].Timestamp + 3 * 86_400_000_000L;
        for (var t = bars[0].Timestamp - 2 * 86_400_000_000L; t < end; t += random.Next(5, 30) * 3_600_000_000L + random.Next(0, 3_600) * 1_000_000L)
        {
            var (headline, sentiment) = Stories[random.Next(Stories.Length)];
            items.Add(new NewsItem
            {
                Id = $"n{items.Count}", PublishedAt = t, Symbols = [Symbol], Headline = headline,
                Body = random.Next(3) == 0 ? "The company said it was not weak and growth was strong." : null,
                Relevance = random.Next(10) == 0 ? null : Math.Round(random.NextDouble(), 2),
                Sentiment = random.Next(10) == 0 ? null : sentiment,
            });
        }
        return [.. items];
    }

    public static readonly LexiconWord[] Lexicon =
    [
        new() { Word = "beats", Polarity = 1 }, new() { Word = "strong", Polarity = 1 }, new() { Word = "record", Polarity = 1 },
        new() { Word = "growth", Polarity = 1 }, new() { Word = "weak", Polarity = -1 }, new() { Word = "downgrades", Polarity = -1 },
        new() { Word = "lawsuit", Polarity = -1 }, new() { Word = "misses", Polarity = -1 },
    ];

    /// <summary>The conformance options for a news plugin: weekday bars, items, and the lexicon for the lexicon plugin.</summary>
    public static ConformanceOptions Options(string key, Dictionary<string, object?>? parameters = null)
    {
        var bars = WeekdayBars(400);
        var events = new Dictionary<string, IReadOnlyList<IPointInTimeEvent>> { ["news"] = Items(bars) };
        var raw = parameters ?? [];
        if (key == "news.lexicon_sentiment")
        {
            events["lexicon"] = Lexicon;
            raw.TryAdd("lexicon", "test");
        }
        return new ConformanceOptions
        {
            Bars = bars,
            Events = events,
            Parameters = raw,
            Context = RunContext.Daily with { Symbol = Symbol, BarClose = t => t + 21 * 3_600_000_000L },
            // The ewm is recursive: from only the warm-up it converges to the full history's value.
            Warmup = key == "news.sentiment" ? WarmupValues.Present : WarmupValues.Equal,
        };
    }
}
