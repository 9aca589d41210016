using Features.Host.Events;
using Features.Host.MarketData;
using Features.PluginSdk;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Fundamentals;

/// <summary>
/// Filing facts as point-in-time events (<see cref="EventKinds.Fundamental"/>): every filing's version of every fact of
/// the symbol, known from its filing's <c>known_at</c> (docs/EVENTS.md). Read through the caller's catalog, so inside a
/// generate the facts come from the same snapshot as the bars.
/// </summary>
public sealed class FundamentalEventSource : IEventSource
{
    public string Kind => EventKinds.Fundamental;

    /// <summary>Changes with any new or changed filing of the symbol, and with its ticker mapping.</summary>
    public async Task<string> RevisionAsync(ISeriesCatalog catalog, string symbol, CancellationToken ct)
    {
        var db = catalog.Context();
        var filings = FundamentalStore.FilingsOf(db, symbol);
        var count = await filings.CountAsync(ct);
        var changed = count == 0 ? 0 : (await filings.MaxAsync(f => f.IngestedAt, ct)).Ticks;
        var ciks = await db.FundamentalTickers.Where(t => t.Ticker == symbol).Select(t => t.Cik).ToListAsync(ct);
        return $"{count}:{changed}:{string.Join(',', ciks.Order())}";
    }

    public async Task<IReadOnlyList<IPointInTimeEvent>> ReadAsync(ISeriesCatalog catalog, string symbol, long knownFrom, long knownBefore, CancellationToken ct)
    {
        var facts = await FundamentalStore.QueryAsync(catalog.Context(), symbol, FromMicros(knownFrom), FromMicros(knownBefore), ct);
        return [.. facts.Select(f => new FundamentalFact
        {
            Tag = f.Tag,
            PeriodEnd = Micros(f.PeriodEnd),
            Quarters = f.Quarters,
            Value = f.Value,
            Unit = f.Unit,
            AcceptedAt = Micros(f.AcceptedAt),
            AvailableAt = Micros(f.KnownAt),
            FilingId = f.Accession,
            Form = f.Form,
            FiscalYear = f.FiscalYear,
            FiscalPeriod = f.FiscalPeriod,
        })];
    }

    private static long Micros(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    private static DateTime FromMicros(long micros)
    {
        var min = (DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks) / 10;
        var max = (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / 10;
        return micros <= min ? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)
            : micros >= max ? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)
            : new DateTime(DateTime.UnixEpoch.Ticks + micros * 10, DateTimeKind.Utc);
    }
}
