using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Fundamentals;

/// <summary>What an ingestion of facts did.</summary>
public sealed record FactIngestResult(int Filings, int NewFilings, int Inserted, int Updated, int Unchanged);

/// <summary>One version of a fact: what one filing reported, and from when it is known.</summary>
public sealed record KnownFact(
    DateTime KnownAt, DateTime AcceptedAt, string Accession, string Form, string Tag, DateTime PeriodEnd, int Quarters, double Value, string Unit,
    int? FiscalYear = null, string? FiscalPeriod = null);

/// <summary>
/// Filings, their facts and the CIK-to-ticker map, on either backend. An upload is written in one transaction: all of
/// it or none. Re-ingesting a filing updates its facts in place (idempotent), never another filing's version.
/// </summary>
public sealed class FundamentalStore(IDbContextFactory<FeaturesDbContext> contexts)
{
    private const int BatchSize = 2000;

    public async Task<FactIngestResult> IngestAsync(FactUpload upload, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = StorageClock.UtcNow;

        var accessions = upload.Filings.Select(f => f.Filing.Accession).ToList();
        var existing = new Dictionary<string, FundamentalFiling>(StringComparer.Ordinal);
        foreach (var chunk in accessions.Chunk(500))
        {
            foreach (var filing in await db.FundamentalFilings.Where(f => chunk.Contains(f.Accession)).ToListAsync(ct)) existing[filing.Accession] = filing;
        }

        var rows = new List<(FundamentalFiling Row, FilingFacts Upload)>();
        foreach (var filing in upload.Filings)
        {
            if (existing.TryGetValue(filing.Filing.Accession, out var row))
            {
                Describe(row, filing.Filing);
                db.Entry(row).State = EntityState.Modified;
            }
            else
            {
                row = new FundamentalFiling { Accession = filing.Filing.Accession, Source = filing.Filing.Source, Name = "", Form = "", IngestedAt = now };
                Describe(row, filing.Filing);
                db.FundamentalFilings.Add(row);
            }
            rows.Add((row, filing));
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        int inserted = 0, updated = 0, unchanged = 0, pending = 0;
        var changedFilings = new List<int>();
        foreach (var (row, filing) in rows)
        {
            var changesBefore = inserted + updated;
            var stored = existing.ContainsKey(row.Accession)
                ? await db.FundamentalFacts.AsNoTracking().Where(f => f.FilingId == row.Id).ToDictionaryAsync(f => new FactKey(f.Tag, f.PeriodEnd, f.Quarters), ct)
                : [];
            foreach (var (key, value) in filing.Facts)
            {
                var fact = new FundamentalFact { FilingId = row.Id, Tag = key.Tag, PeriodEnd = key.PeriodEnd, Quarters = key.Quarters, Unit = value.Unit, Value = value.Value };
                if (!stored.TryGetValue(key, out var old))
                {
                    db.FundamentalFacts.Add(fact);
                    inserted++;
                }
                else if (!old.Value.Equals(value.Value) || old.Unit != value.Unit)
                {
                    db.FundamentalFacts.Update(fact);
                    updated++;
                }
                else
                {
                    unchanged++;
                    continue;
                }
                if (++pending == BatchSize)
                {
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                    pending = 0;
                }
            }
            if (existing.ContainsKey(row.Accession) && inserted + updated > changesBefore) changedFilings.Add(row.Id);
        }
        await db.SaveChangesAsync(ct);
        // ingested_at is the last ingest that changed the filing: the facts event source's revision follows it.
        foreach (var chunk in changedFilings.Chunk(500))
        {
            await db.FundamentalFilings.Where(f => chunk.Contains(f.Id)).ExecuteUpdateAsync(u => u.SetProperty(f => f.IngestedAt, now), ct);
        }
        await tx.CommitAsync(ct);
        return new FactIngestResult(rows.Count, rows.Count - existing.Count, inserted, updated, unchanged);
    }

    private static void Describe(FundamentalFiling row, FilingHeader filing)
    {
        row.Cik = filing.Cik;
        row.Symbol = filing.Symbol;
        row.Name = filing.Name;
        row.Form = filing.Form;
        row.Period = filing.Period;
        row.FiscalYear = filing.FiscalYear;
        row.FiscalPeriod = filing.FiscalPeriod;
        row.AcceptedAt = filing.AcceptedAt;
        row.KnownAt = filing.KnownAt;
    }

    /// <summary>Upserts tickers by name; returns how many were new and how many now point elsewhere.</summary>
    public async Task<(int Inserted, int Updated, int Unchanged)> UpsertTickersAsync(IReadOnlyList<FundamentalTicker> tickers, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = StorageClock.UtcNow;
        var existing = new Dictionary<string, FundamentalTicker>(StringComparer.Ordinal);
        foreach (var chunk in tickers.Select(t => t.Ticker).Chunk(500))
        {
            foreach (var row in await db.FundamentalTickers.Where(t => chunk.Contains(t.Ticker)).ToListAsync(ct)) existing[row.Ticker] = row;
        }
        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var ticker in tickers)
        {
            if (!existing.TryGetValue(ticker.Ticker, out var row))
            {
                db.FundamentalTickers.Add(new FundamentalTicker { Ticker = ticker.Ticker, Cik = ticker.Cik, Title = ticker.Title, UpdatedAt = now });
                inserted++;
            }
            else if (row.Cik != ticker.Cik || row.Title != ticker.Title)
            {
                (row.Cik, row.Title, row.UpdatedAt) = (ticker.Cik, ticker.Title, now);
                updated++;
            }
            else
            {
                unchanged++;
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (inserted, updated, unchanged);
    }

    /// <summary>
    /// Every version of the symbol's facts known at or before <paramref name="knownBy"/>, in the order they became known.
    /// </summary>
    public async Task<IReadOnlyList<KnownFact>> ReadAsync(string symbol, DateTime knownBy, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // One microsecond past: PostgreSQL keeps microseconds, so a 100 ns step would round back onto knownBy.
        return await QueryAsync(db, symbol, DateTime.MinValue, knownBy.AddTicks(TimeSpan.TicksPerMicrosecond), ct);
    }

    /// <summary>The filings of a symbol: its vendor filings, and the SEC filings of every CIK mapped to it.</summary>
    public static IQueryable<FundamentalFiling> FilingsOf(FeaturesDbContext db, string symbol)
    {
        var ciks = db.FundamentalTickers.Where(t => t.Ticker == symbol).Select(t => (long?)t.Cik);
        return db.FundamentalFilings.Where(f => f.Symbol == symbol || ciks.Contains(f.Cik));
    }

    /// <summary>
    /// Every version of the symbol's facts known in [<paramref name="knownFrom"/>, <paramref name="knownBefore"/>), in the
    /// order they became known: known time, then acceptance, accession, tag, period end and duration (ordinal, so both
    /// backends agree: the fingerprint depends on it).
    /// </summary>
    public static async Task<IReadOnlyList<KnownFact>> QueryAsync(FeaturesDbContext db, string symbol, DateTime knownFrom, DateTime knownBefore, CancellationToken ct)
    {
        var filings = FilingsOf(db, symbol).Where(f => f.KnownAt >= knownFrom && f.KnownAt < knownBefore);
        var rows = await filings.Join(db.FundamentalFacts, f => f.Id, x => x.FilingId,
                (f, x) => new KnownFact(f.KnownAt, f.AcceptedAt, f.Accession, f.Form, x.Tag, x.PeriodEnd, x.Quarters, x.Value, x.Unit, f.FiscalYear, f.FiscalPeriod))
            .AsNoTracking().ToListAsync(ct);
        return [.. rows.OrderBy(r => r.KnownAt).ThenBy(r => r.AcceptedAt).ThenBy(r => r.Accession, StringComparer.Ordinal)
            .ThenBy(r => r.Tag, StringComparer.Ordinal).ThenBy(r => r.PeriodEnd).ThenBy(r => r.Quarters)];
    }
}
