namespace Features.Host.News;

/// <summary>
/// A deterministic news sample for <c>DEMO</c> (2019-2024: a few items a week at any hour, weekends included, headlines
/// from templates with vendor sentiment and relevance) and a small lexicon <c>demo</c>, so a new user sees
/// <c>news.sentiment</c> and <c>news.lexicon_sentiment</c> at once. Same seed, same items; ingesting it again changes nothing.
/// </summary>
public sealed class NewsSample(NewsStore store, ILogger<NewsSample> logger)
{
    private static readonly (string Headline, double Sentiment)[] Templates =
    [
        ("Demo Corp beats quarterly earnings estimates on strong demand", 0.7),
        ("Demo Corp raises full-year guidance after record sales", 0.8),
        ("Analyst upgrades Demo Corp, citing growth in services", 0.5),
        ("Demo Corp announces new product line", 0.3),
        ("Demo Corp misses revenue forecast as costs rise", -0.6),
        ("Demo Corp faces lawsuit over patent dispute", -0.5),
        ("Analyst downgrades Demo Corp on weak outlook", -0.6),
        ("Demo Corp shares not affected by sector selloff", 0.1),
        ("Demo Corp CEO to speak at industry conference", 0.0),
        ("Demo Corp recalls units after safety complaints", -0.7),
    ];

    private static readonly (string Word, double Polarity)[] Lexicon =
    [
        ("beats", 1), ("strong", 1), ("record", 1), ("raises", 1), ("upgrades", 1), ("growth", 1),
        ("misses", -1), ("lawsuit", -1), ("downgrades", -1), ("weak", -1), ("recalls", -1), ("selloff", -1), ("complaints", -1),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        var random = new Random(20190102);
        var items = new List<ParsedNewsItem>();
        var start = new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var at = start.AddHours(random.Next(0, 72)); at < new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc); at = at.AddMinutes(random.Next(600, 5_000)))
        {
            var (headline, sentiment) = Templates[random.Next(Templates.Length)];
            var micros = (at.Ticks - DateTime.UnixEpoch.Ticks) / 10;
            var score = Math.Round(Math.Clamp(sentiment + (random.NextDouble() - 0.5) * 0.2, -1, 1), 3);
            items.Add(new ParsedNewsItem(items.Count + 1, $"demo-{items.Count + 1:D5}", micros, random.NextDouble() < 0.2 ? ["DEMO", "MKT"] : ["DEMO"],
                headline, null, "sample-wire", Math.Round(0.5 + random.NextDouble() / 2, 3), score, null));
        }
        var result = await store.IngestAsync(items, ct);
        await store.ReplaceLexiconAsync("demo", Lexicon, 0, ct);
        logger.LogInformation("Seeded sample news: {Items} items for DEMO ({Inserted} new), lexicon 'demo' ({Words} words)", items.Count, result.Inserted, Lexicon.Length);
    }
}
