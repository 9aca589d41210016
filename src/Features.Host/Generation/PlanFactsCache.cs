using System.Collections.Concurrent;
using System.Data.Common;
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

    /// <summary>The facts of many keys: from memory, the rest in one query per thousand keys; absent keys are left out.</summary>
    public async Task<Dictionary<string, PlanFacts>> FindAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var found = new Dictionary<string, PlanFacts>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var key in keys.Distinct())
        {
            if (_memory.TryGetValue(key, out var facts)) found[key] = facts;
            else missing.Add(key);
        }
        if (missing.Count == 0) return found;
        await using var db = await contexts.CreateDbContextAsync(ct);
        foreach (var part in missing.Chunk(1000))
        {
            var rows = await db.PlanFacts.AsNoTracking().Where(f => part.Contains(f.Key)).ToListAsync(ct);
            foreach (var row in rows)
            {
                var facts = new PlanFacts(row.ReadFrom, row.Fingerprint, row.BarsRead, JsonSerializer.Deserialize<string[]>(row.NotesJson) ?? []);
                found[row.Key] = facts;
                Remember(row.Key, facts);
            }
        }
        return found;
    }

    public async Task SaveAsync(string key, BarSeries series, PlanFacts facts)
    {
        await SaveAsync([(key, series, facts)]);
        Remember(key, facts);
    }

    /// <summary>Records facts in one transaction; when that conflicts, one by one, so the others are kept.</summary>
    public async Task SaveAsync(IReadOnlyList<(string Key, BarSeries Series, PlanFacts Facts)> found)
    {
        if (found.Count == 0) return;
        if (await TrySaveAsync(found) || found.Count == 1) return;
        foreach (var one in found) await TrySaveAsync([one]);
    }

    private async Task<bool> TrySaveAsync(IReadOnlyList<(string Key, BarSeries Series, PlanFacts Facts)> found)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            await using var transaction = await db.Database.BeginTransactionAsync();
            await RowInsert.InsertAsync(db, [.. found.Select(f => new PlanFact
            {
                Key = f.Key, SeriesId = f.Series.Id, Revision = f.Series.Revision, ReadFrom = f.Facts.ReadFrom, Fingerprint = f.Facts.Fingerprint,
                BarsRead = f.Facts.BarsRead, NotesJson = JsonSerializer.Serialize(f.Facts.Notes), CreatedAt = StorageClock.UtcNow,
            })], CancellationToken.None);
            await transaction.CommitAsync();
            return true;
        }
        catch (DbException)
        {
            // Another request or instance recorded the same facts first (they are equal), or the series was
            // revised meanwhile (the facts belong to the revision this request read): either way nothing is lost.
            return false;
        }
    }

    /// <summary>The facts of a key if this host has them in memory (no query).</summary>
    public PlanFacts? Remembered(string key) => _memory.GetValueOrDefault(key);

    internal void Remember(string key, PlanFacts facts)
    {
        if (_memory.Count >= Capacity) _memory.Clear();
        _memory[key] = facts;
    }
}
