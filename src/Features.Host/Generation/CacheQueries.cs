using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Generation;

/// <summary>
/// The three lookups of a cached generate, compiled once: on the cache path they are most of the host's own
/// work, and a compiled query skips EF Core's per-call expression lookup.
/// </summary>
internal static class CacheQueries
{
    public static readonly Func<FeaturesDbContext, Guid, CancellationToken, Task<FeatureDefinition?>> Feature =
        EF.CompileAsyncQuery((FeaturesDbContext db, Guid id, CancellationToken ct) => db.Features.AsNoTracking().SingleOrDefault(f => f.Id == id));

    public static readonly Func<FeaturesDbContext, string, string, CancellationToken, Task<BarSeries?>> Series =
        EF.CompileAsyncQuery((FeaturesDbContext db, string symbol, string timeframe, CancellationToken ct) =>
            db.Series.AsNoTracking().SingleOrDefault(s => s.Symbol == symbol && s.Timeframe == timeframe));

    public static readonly Func<FeaturesDbContext, Guid, string, CancellationToken, Task<FeatureDataset?>> Dataset =
        EF.CompileAsyncQuery((FeaturesDbContext db, Guid featureId, string hash, CancellationToken ct) =>
            db.Datasets.AsNoTracking().SingleOrDefault(d => d.FeatureId == featureId && d.VersionHash == hash));
}
