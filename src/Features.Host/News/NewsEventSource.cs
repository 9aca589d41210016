using Features.Host.Errors;
using Features.Host.Events;
using Features.Host.MarketData;
using Features.PluginSdk;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.News;

/// <summary>News items of a symbol as events (<see cref="EventKinds.News"/>), known from <c>published_at</c>.</summary>
public sealed class NewsEventSource : IEventSource
{
    public string Kind => EventKinds.News;

    public async Task<string> RevisionAsync(ISeriesCatalog catalog, string symbol, CancellationToken ct) =>
        (await catalog.Context().Set<NewsRevision>().AsNoTracking().Where(r => r.Symbol == symbol).Select(r => (long?)r.Revision).SingleOrDefaultAsync(ct) ?? 0)
        .ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<IPointInTimeEvent>> ReadAsync(ISeriesCatalog catalog, string symbol, long knownFrom, long knownBefore, CancellationToken ct)
    {
        var db = catalog.Context();
        var rows = await db.Set<NewsItemSymbol>().AsNoTracking()
            .Where(s => s.Symbol == symbol && s.PublishedAt >= knownFrom && s.PublishedAt < knownBefore)
            .Join(db.Set<NewsItemRow>(), s => s.ItemId, r => r.Id, (_, r) => r)
            .ToListAsync(ct);
        // Ordered here, not by the database: ids compare ordinally on both backends.
        return [.. rows.OrderBy(r => r.PublishedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Select(ToEvent)];
    }

    private static NewsItem ToEvent(NewsItemRow r) => new()
    {
        Id = r.Id, PublishedAt = r.PublishedAt, Symbols = r.Symbols.Split(' '), Headline = r.Headline, Body = r.Body, Source = r.Source,
        Relevance = r.Relevance, Sentiment = r.Sentiment, Novelty = r.Novelty,
    };
}

/// <summary>An uploaded lexicon's words as events (<see cref="EventKinds.Lexicon"/>, the lexicon's name in place of a symbol).</summary>
public sealed class LexiconEventSource : IEventSource
{
    public string Kind => EventKinds.Lexicon;

    public async Task<string> RevisionAsync(ISeriesCatalog catalog, string symbol, CancellationToken ct)
    {
        var revision = await catalog.Context().Set<NewsLexicon>().AsNoTracking().Where(l => l.Name == symbol).Select(l => (long?)l.Revision).SingleOrDefaultAsync(ct);
        return revision?.ToString(System.Globalization.CultureInfo.InvariantCulture)
               ?? throw ProblemException.Invalid("parameters.lexicon", $"no lexicon '{symbol}' has been uploaded; POST a CSV of word,polarity to /api/v1/news/lexicons/{symbol}");
    }

    public async Task<IReadOnlyList<IPointInTimeEvent>> ReadAsync(ISeriesCatalog catalog, string symbol, long knownFrom, long knownBefore, CancellationToken ct)
    {
        if (knownFrom > long.MinValue || knownBefore == long.MinValue) return [];
        var words = await catalog.Context().Set<NewsLexiconWord>().AsNoTracking().Where(w => w.Lexicon == symbol).ToListAsync(ct);
        return [.. words.OrderBy(w => w.Word, StringComparer.Ordinal).Select(w => new LexiconWord { Word = w.Word, Polarity = w.Polarity })];
    }
}
