using Features.Host.MarketData;
using Features.Host.Storage.Objects;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Storage;

/// <summary>
/// Brings the schema up to date before the host serves requests: EF Core migrations on PostgreSQL;
/// on the embedded SQLite default the schema comes from the model (<see cref="SqliteSchema"/>; WAL mode,
/// so readers never block the writer). A store that kept one row per bar is repacked into chunks.
/// Also sweeps temporary objects a crash may have left behind.
/// </summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<FeaturesDbContext> contexts,
    DatabaseSettings settings,
    IObjectStore objects,
    FeaturesPaths paths,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.MigrateAsync(ct);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            await SqliteSchema.EnsureAsync(db, ct);
            if (await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = 'bars'").SingleAsync(ct) > 0)
            {
                await db.Database.ExecuteSqlRawAsync("ALTER TABLE bars RENAME TO legacy_bars;", ct);
            }
        }
        var repacked = await BarStore.RepackLegacyBarsAsync(db, ct);
        if (repacked > 0) logger.LogInformation("Repacked {Bars} bars of a store created before chunked storage", repacked);
        logger.LogInformation("Database ready ({Provider})", settings.Provider);

        // Local scratch files of this home (Parquet being written, uploads being parsed) left by a crash.
        if (Directory.Exists(paths.TempDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(paths.TempDirectory))
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                }
            }
        }

        try
        {
            // Only old ones: another instance behind the same load balancer may be uploading right now.
            var stale = new List<string>();
            await foreach (var o in objects.ListAsync("_tmp/", ct))
            {
                if (o.LastModifiedUtc < DateTime.UtcNow - TimeSpan.FromHours(1)) stale.Add(o.Key);
            }
            foreach (var key in stale) await objects.DeleteAsync(key, ct);
            if (stale.Count > 0) logger.LogInformation("Removed {Count} temporary objects left by an interrupted upload", stale.Count);
        }
        catch (Exception e) when (e is ObjectStoreUnavailableException or ObjectNotFoundException or IOException)
        {
            logger.LogWarning("Could not sweep temporary objects: {Message}", e.Message);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
