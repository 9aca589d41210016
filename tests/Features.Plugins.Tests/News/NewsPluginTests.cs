using System.Runtime.CompilerServices;
using Features.Plugins.Tests.Harness;
using Features.PluginSdk;

namespace Features.Plugins.Tests.News;

/// <summary>The news pack: the plugin contract with events, typed goldens, and the point-in-time rule at its boundaries.</summary>
public sealed class NewsPluginTests
{
    public static TheoryData<string> Keys => new("news.count", "news.abnormal_volume", "news.sentiment", "news.novelty", "news.lexicon_sentiment");

    private const long Hour = 3_600_000_000L;

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_news_plugin_keeps_the_plugin_contract_with_its_events_truncated_too(string key) =>
        KernelRunner.Conformance(key, NewsFixtures.Options(key)).All();

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_news_plugin_matches_its_golden_file(string key) =>
        GoldenFile.Verify(PluginPacks.Get(key).Plugin, NewsFixtures.WeekdayBars(400), Golden(key), NewsFixtures.Options(key));

    [Fact]
    public void The_pack_lists_five_news_plugins()
    {
        PluginPacks.Keys(FeatureType.News).ShouldBe(["news.abnormal_volume", "news.count", "news.lexicon_sentiment", "news.novelty", "news.sentiment"]);
    }

    private static NewsItem Item(string id, long publishedAt, string headline = "Test Corp news", double? sentiment = null, double? relevance = null) =>
        new() { Id = id, PublishedAt = publishedAt, Symbols = [NewsFixtures.Symbol], Headline = headline, Sentiment = sentiment, Relevance = relevance };

    /// <summary>Wednesday 2020-01-01, Thursday, Friday, Monday 2020-01-06, each closing at 21:00 UTC.</summary>
    private static (Bar[] Bars, long Close) Week()
    {
        var bars = NewsFixtures.WeekdayBars(4);
        SyntheticBars.Time(bars[3].Timestamp).DayOfWeek.ShouldBe(DayOfWeek.Monday);
        return (bars, 21 * Hour);
    }

    private static double?[] Counts(Bar[] bars, NewsItem[] items, Dictionary<string, object?>? parameters = null) =>
        [.. PluginRunner.Run(PluginPacks.Get("news.count").Plugin, bars, int.MaxValue, parameters, null,
            RunContext.Daily with { Symbol = NewsFixtures.Symbol, BarClose = t => t + 21 * Hour },
            new Dictionary<string, IReadOnlyList<IPointInTimeEvent>> { ["news"] = items })["count"].Select(v => (double?)v)];

    [Fact]
    public void An_item_exactly_at_the_close_counts_toward_the_next_bar_and_one_a_microsecond_earlier_toward_this_one()
    {
        var (bars, close) = Week();
        Counts(bars, [Item("before", bars[0].Timestamp + close - 1), Item("at", bars[0].Timestamp + close)]).ShouldBe([1, 1, 0, 0]);
    }

    [Fact]
    public void An_item_after_the_close_counts_toward_the_next_bar()
    {
        var (bars, close) = Week();
        Counts(bars, [Item("evening", bars[0].Timestamp + close + 2 * Hour)]).ShouldBe([0, 1, 0, 0]);
    }

    [Fact]
    public void Items_at_the_weekend_roll_forward_to_monday()
    {
        var (bars, _) = Week();
        var saturday = bars[2].Timestamp + 24 * Hour + 10 * Hour;
        Counts(bars, [Item("sat", saturday), Item("sun", saturday + 24 * Hour)]).ShouldBe([0, 0, 0, 2]);
    }

    [Fact]
    public void A_latency_moves_an_item_just_before_the_close_to_the_next_bar()
    {
        var (bars, close) = Week();
        var item = Item("late", bars[0].Timestamp + close - 10 * 60_000_000L);
        Counts(bars, [item]).ShouldBe([1, 0, 0, 0]);
        Counts(bars, [item], new() { ["latency"] = "15m" }).ShouldBe([0, 1, 0, 0]);
    }

    [Fact]
    public void Min_relevance_drops_items_below_it_and_keeps_items_without_a_relevance()
    {
        var (bars, _) = Week();
        Counts(bars, [Item("low", bars[0].Timestamp + Hour, relevance: 0.2), Item("high", bars[0].Timestamp + 2 * Hour, relevance: 0.9), Item("none", bars[0].Timestamp + 3 * Hour)],
            new() { ["min_relevance"] = 0.5 }).ShouldBe([2, 0, 0, 0]);
    }

    [Fact]
    public void Novelty_counts_a_near_duplicate_headline_within_the_lookback_as_a_repeat_and_after_it_as_new()
    {
        var (bars, _) = Week();
        var t = bars[0].Timestamp;
        NewsItem[] items =
        [
            Item("a", t + Hour, "Test Corp beats earnings estimates on strong demand"),
            Item("b", t + 2 * Hour, "Test Corp beats earnings estimates on strong demand again"),
            Item("c", t + 3 * Hour, "Regulator opens probe into Test Corp accounting"),
            Item("d", bars[3].Timestamp + Hour, "Test Corp beats earnings estimates on strong demand"),
        ];
        var output = PluginRunner.Run(PluginPacks.Get("news.novelty").Plugin, bars, int.MaxValue, null, null,
            RunContext.Daily with { Symbol = NewsFixtures.Symbol, BarClose = b => b + 21 * Hour },
            new Dictionary<string, IReadOnlyList<IPointInTimeEvent>> { ["news"] = items });
        output["novelty"][0].ShouldBe(2.0 / 3); // b repeats a (Jaccard of their 2-word shingles 7/8)
        output["novelty"][1].ShouldBeNull();
        output["novelty"][3].ShouldBe(1.0);    // a's twin, 5 days later, is outside the 24 h lookback
    }

    [Fact]
    public void Lexicon_sentiment_flips_a_word_after_a_negation_within_the_window()
    {
        var (bars, _) = Week();
        var t = bars[0].Timestamp;
        var output = PluginRunner.Run(PluginPacks.Get("news.lexicon_sentiment").Plugin, bars, int.MaxValue,
            new Dictionary<string, object?> { ["lexicon"] = "test" }, null,
            RunContext.Daily with { Symbol = NewsFixtures.Symbol, BarClose = b => b + 21 * Hour },
            new Dictionary<string, IReadOnlyList<IPointInTimeEvent>>
            {
                ["news"] = [Item("a", t + Hour, "Results were not weak"), Item("b", bars[1].Timestamp + Hour, "Weak quarter, strong outlook, record sales")],
                ["lexicon"] = NewsFixtures.Lexicon,
            });
        output["score"][0].ShouldBe(1.0);       // "weak" negated by "not" one word before
        output["score"][1].ShouldBe(1.0 / 3);   // (-1 + 1 + 1) / 3 matches
        output["matches"][1].ShouldBe(3.0);
        output["score"][2].ShouldBeNull();
    }

    [Fact]
    public void Sentiment_gives_the_mean_the_relevance_weighted_mean_and_an_ewm_that_carries_across_quiet_bars()
    {
        var (bars, _) = Week();
        var t = bars[0].Timestamp;
        var output = PluginRunner.Run(PluginPacks.Get("news.sentiment").Plugin, bars, int.MaxValue, new Dictionary<string, object?> { ["half_life"] = 1.0 }, null,
            RunContext.Daily with { Symbol = NewsFixtures.Symbol, BarClose = b => b + 21 * Hour },
            new Dictionary<string, IReadOnlyList<IPointInTimeEvent>>
            {
                ["news"] = [Item("a", t + Hour, sentiment: 0.5, relevance: 1), Item("b", t + 2 * Hour, sentiment: -0.5, relevance: 0.25), Item("c", bars[2].Timestamp + Hour, sentiment: 1)],
            });
        output["mean"][0].ShouldBe(0.0);
        output["weighted_mean"][0].ShouldBe((0.5 * 1 - 0.5 * 0.25) / 1.25);
        output["sum"][1].ShouldBe(0.0);
        output["ewm"][1].ShouldBe(0.0);                         // carried: (0 · ½) / (2 · ½)
        output["ewm"][2].ShouldBe((0 * 0.25 + 1) / (2 * 0.25 + 1)); // two bars of decay on the first pair
    }

    private static string Golden(string key, [CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "golden", key + ".csv");
}
