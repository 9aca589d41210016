using Features.Host.MarketData;
using Features.Host.Storage.Objects;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Storage;

/// <summary>
/// Brings the schema up to date before the host serves requests: EF Core migrations on PostgreSQL;
/// on the embedded SQLite default the schema is created from the model (WAL mode, so readers never
/// block the writer). Also sweeps temporary objects a crash may have left behind.
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
            await db.Database.EnsureCreatedAsync(ct);
            // EnsureCreated never alters an existing file: tables added after a database was created are added here.
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TABLE IF NOT EXISTS \"api_keys\" (\"id\" TEXT NOT NULL CONSTRAINT \"PK_api_keys\" PRIMARY KEY, \"name\" TEXT NOT NULL, " +
                "\"role\" TEXT NOT NULL, \"key_hash\" TEXT NOT NULL, \"prefix\" TEXT NOT NULL, \"created_at\" TEXT NOT NULL, \"revoked_at\" TEXT NULL);" +
                "CREATE UNIQUE INDEX IF NOT EXISTS \"IX_api_keys_key_hash\" ON \"api_keys\" (\"key_hash\");" +
                "CREATE TABLE IF NOT EXISTS \"bar_chunks\" (\"series_id\" INTEGER NOT NULL, \"first_ts\" INTEGER NOT NULL, \"last_ts\" INTEGER NOT NULL, " +
                "\"bar_count\" INTEGER NOT NULL, \"data\" BLOB NOT NULL, CONSTRAINT \"PK_bar_chunks\" PRIMARY KEY (\"series_id\", \"first_ts\"), " +
                "CONSTRAINT \"FK_bar_chunks_bar_series_series_id\" FOREIGN KEY (\"series_id\") REFERENCES \"bar_series\" (\"id\") ON DELETE CASCADE);" +
                "CREATE TABLE IF NOT EXISTS \"plan_facts\" (\"key\" TEXT NOT NULL CONSTRAINT \"PK_plan_facts\" PRIMARY KEY, \"series_id\" INTEGER NOT NULL, " +
                "\"revision\" INTEGER NOT NULL, \"read_from\" INTEGER NOT NULL, \"fingerprint\" TEXT NOT NULL, \"bars_read\" INTEGER NOT NULL, \"notes\" TEXT NOT NULL, " +
                "\"created_at\" TEXT NOT NULL, CONSTRAINT \"FK_plan_facts_bar_series_series_id\" FOREIGN KEY (\"series_id\") REFERENCES \"bar_series\" (\"id\") ON DELETE CASCADE);" +
                "CREATE INDEX IF NOT EXISTS \"IX_plan_facts_series_id\" ON \"plan_facts\" (\"series_id\");", ct);
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
