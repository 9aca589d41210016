using System.Collections.Concurrent;
using System.Text.Json;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Generation;

/// <summary>
/// Plan facts by <see cref="PlanInputs.CacheKey"/>, in memory and in the <c>plan_facts</c> table, so a cached generate
/// costs a few indexed lookups rather than a bar scan, after a restart and on other instances too. A revision of a
/// series deletes its rows (BarStore); in memory a revised series simply gets new keys.
/// </summary>
public sealed class PlanFactsCache(IDbContextFactory<FeaturesDbContext> contexts)
{
    private const int Capacity = 100_000;
    private readonly ConcurrentDictionary<string, PlanFacts> _memory = new();

    public async Task<PlanFacts?> FindAsync(string key, CancellationToken ct)
    {
        if (_memory.TryGetValue(key, out var facts)) return facts;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var row = await db.PlanFacts.AsNoTracking().SingleOrDefaultAsync(f => f.Key == key, ct);
            if (row is null) return null;
            facts = new PlanFacts(row.ReadFrom, row.Fingerprint, row.BarsRead, JsonSerializer.Deserialize<string[]>(row.NotesJson) ?? []);
        }
        Remember(key, facts);
        return facts;
    }

    public async Task SaveAsync(string key, BarSeries series, PlanFacts facts)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            db.PlanFacts.Add(new PlanFact
            {
                Key = key, SeriesId = series.Id, Revision = series.Revision, ReadFrom = facts.ReadFrom, Fingerprint = facts.Fingerprint,
                BarsRead = facts.BarsRead, NotesJson = JsonSerializer.Serialize(facts.Notes), CreatedAt = StorageClock.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another request or instance recorded the same facts first (they are equal), or the series was
            // revised meanwhile (the facts belong to the revision this request read): either way nothing is lost.
        }
        Remember(key, facts);
    }

    private void Remember(string key, PlanFacts facts)
    {
        if (_memory.Count >= Capacity) _memory.Clear();
        _memory[key] = facts;
    }
}
