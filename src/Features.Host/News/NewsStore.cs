using Features.Host.Storage;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.News;

/// <summary>What an ingest did.</summary>
public sealed record NewsIngestResult(int Received, int Inserted, int Updated, int Unchanged, int DuplicateIds, IReadOnlyList<string> Symbols,
    long? FirstPublishedAt, long? LastPublishedAt);

/// <summary>What a lexicon upload did.</summary>
public sealed record LexiconResult(string Name, int Words, long Revision, bool Changed, int DuplicateWords);

/// <summary>
/// The news tables: items upserted by vendor id in one transaction per upload (all or nothing), each item indexed under
/// its symbols, and a revision per symbol bumped whenever one of its items is added, changed or moved to other symbols
/// (an item ingested again unchanged bumps nothing, so no version hash changes). Lexicons are replaced whole.
/// </summary>
public sealed class NewsStore(IDbContextFactory<FeaturesDbContext> contexts)
{
    private const int Chunk = 500;

    public async Task<NewsIngestResult> IngestAsync(IReadOnlyList<ParsedNewsItem> parsed, CancellationToken ct)
    {
        // The later line wins when an upload repeats an id (a vendor's correction in the same file).
        var latest = new Dictionary<string, ParsedNewsItem>(StringComparer.Ordinal);
        foreach (var item in parsed) latest[item.Id] = item;
        var items = latest.Values.ToList();

        await using var db = await contexts.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var touched = new SortedSet<string>(StringComparer.Ordinal);
            int inserted = 0, updated = 0, unchanged = 0;
            var now = StorageClock.UtcNow;
            foreach (var chunk in items.Chunk(Chunk))
            {
                var ids = chunk.Select(i => i.Id).ToList();
                var existing = await db.Set<NewsItemRow>().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, StringComparer.Ordinal, ct);
                var moved = new List<string>();
                foreach (var item in chunk)
                {
                    var symbols = string.Join(' ', item.Symbols);
                    if (!existing.TryGetValue(item.Id, out var row))
                    {
                        db.Add(new NewsItemRow
                        {
                            Id = item.Id, PublishedAt = item.PublishedAt, Symbols = symbols, Headline = item.Headline, Body = item.Body, Source = item.Source,
                            Relevance = item.Relevance, Sentiment = item.Sentiment, Novelty = item.Novelty, UpdatedAt = now,
                        });
                        AddSymbols(db, item);
                        touched.UnionWith(item.Symbols);
                        inserted++;
                        continue;
                    }
                    if (Same(row, item, symbols))
                    {
                        unchanged++;
                        continue;
                    }
                    touched.UnionWith(row.Symbols.Split(' '));
                    touched.UnionWith(item.Symbols);
                    (row.PublishedAt, row.Symbols, row.Headline, row.Body, row.Source) = (item.PublishedAt, symbols, item.Headline, item.Body, item.Source);
                    (row.Relevance, row.Sentiment, row.Novelty, row.UpdatedAt) = (item.Relevance, item.Sentiment, item.Novelty, now);
                    moved.Add(item.Id);
                    AddSymbols(db, item);
                    updated++;
                }
                // An updated item's symbol rows are rewritten: it may have moved to other symbols or another time.
                if (moved.Count > 0) await db.Set<NewsItemSymbol>().Where(s => moved.Contains(s.ItemId)).ExecuteDeleteAsync(ct);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
            foreach (var symbol in touched) await BumpAsync(db, symbol, ct);
            await tx.CommitAsync(ct);
            return new NewsIngestResult(parsed.Count, inserted, updated, unchanged, parsed.Count - items.Count, [.. touched],
                items.Min(i => (long?)i.PublishedAt), items.Max(i => (long?)i.PublishedAt));
        });
    }

    public async Task<LexiconResult> ReplaceLexiconAsync(string name, IReadOnlyList<(string Word, double Polarity)> words, int duplicates, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var lexicon = await db.Set<NewsLexicon>().SingleOrDefaultAsync(l => l.Name == name, ct);
            var old = await db.Set<NewsLexiconWord>().AsNoTracking().Where(w => w.Lexicon == name).ToDictionaryAsync(w => w.Word, w => w.Polarity, StringComparer.Ordinal, ct);
            var changed = lexicon is null || old.Count != words.Count || words.Any(w => !old.TryGetValue(w.Word, out var p) || !p.Equals(w.Polarity));
            if (changed)
            {
                if (lexicon is null)
                {
                    lexicon = new NewsLexicon { Name = name };
                    db.Add(lexicon);
                }
                lexicon.Revision++;
                lexicon.WordCount = words.Count;
                lexicon.UpdatedAt = StorageClock.UtcNow;
                await db.SaveChangesAsync(ct);
                await db.Set<NewsLexiconWord>().Where(w => w.Lexicon == name).ExecuteDeleteAsync(ct);
                db.AddRange(words.Select(w => new NewsLexiconWord { Lexicon = name, Word = w.Word, Polarity = w.Polarity }));
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
            return new LexiconResult(name, words.Count, lexicon!.Revision, changed, duplicates);
        });
    }

    private static void AddSymbols(FeaturesDbContext db, ParsedNewsItem item)
    {
        foreach (var symbol in item.Symbols) db.Add(new NewsItemSymbol { Symbol = symbol, ItemId = item.Id, PublishedAt = item.PublishedAt });
    }

    private static bool Same(NewsItemRow row, ParsedNewsItem item, string symbols) =>
        row.PublishedAt == item.PublishedAt && row.Symbols == symbols && row.Headline == item.Headline && row.Body == item.Body && row.Source == item.Source
        && Nullable.Equals(row.Relevance, item.Relevance) && Nullable.Equals(row.Sentiment, item.Sentiment) && Nullable.Equals(row.Novelty, item.Novelty);

    /// <summary>One atomic increment (the row is locked by the UPDATE), so two uploads never end on the same revision.</summary>
    private static async Task BumpAsync(FeaturesDbContext db, string symbol, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"INSERT INTO news_revisions (symbol, revision) VALUES ({symbol}, 0) ON CONFLICT (symbol) DO NOTHING", ct);
        await db.Database.ExecuteSqlAsync($"UPDATE news_revisions SET revision = revision + 1 WHERE symbol = {symbol}", ct);
    }
}
