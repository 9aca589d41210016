using System.Runtime.CompilerServices;
using Features.Host.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Features.Host.Storage;

/// <summary>
/// The three lookups of a cached generate, compiled once per model: on the cache path they are most of the host's own
/// work, and a compiled query skips EF Core's per-call expression lookup. EF refuses to run a compiled query against
/// a model other than the one it was first run with, and a process can hold two (SQLite and PostgreSQL hosts side by
/// side, as the tests do), hence one set per model. They live in Storage because both the Market Data Layer (the
/// series lookup) and the generate pipeline use them, and MarketData must not depend on Generation.
/// </summary>
internal sealed class CacheQueries
{
    private static readonly ConditionalWeakTable<IModel, CacheQueries> ByModel = [];

    public static CacheQueries For(FeaturesDbContext db) => ByModel.GetValue(db.Model, static _ => new CacheQueries());

    public Func<FeaturesDbContext, Guid, CancellationToken, Task<FeatureDefinition?>> Feature { get; } =
        EF.CompileAsyncQuery((FeaturesDbContext db, Guid id, CancellationToken ct) => db.Features.AsNoTracking().SingleOrDefault(f => f.Id == id));

    public Func<FeaturesDbContext, string, string, CancellationToken, Task<BarSeries?>> Series { get; } =
        EF.CompileAsyncQuery((FeaturesDbContext db, string symbol, string timeframe, CancellationToken ct) =>
            db.Series.AsNoTracking().SingleOrDefault(s => s.Symbol == symbol && s.Timeframe == timeframe));

    public Func<FeaturesDbContext, Guid, string, CancellationToken, Task<FeatureDataset?>> Dataset { get; } =
        EF.CompileAsyncQuery((FeaturesDbContext db, Guid featureId, string hash, CancellationToken ct) =>
            db.Datasets.AsNoTracking().SingleOrDefault(d => d.FeatureId == featureId && d.VersionHash == hash));
}
