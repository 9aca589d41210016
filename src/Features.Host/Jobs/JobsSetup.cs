using Features.Host.Storage;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;

namespace Features.Host.Jobs;

/// <summary>Registers feature-set jobs on Hangfire: the storage (PostgreSQL, or a SQLite file on the embedded default), the client, this host's server, the handlers.</summary>
public static class JobsSetup
{
    public static void AddFeaturesJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Features:Jobs").Get<JobsOptions>() ?? new JobsOptions();
        if (options.SymbolsPerChunk < 1) throw new InvalidOperationException($"Features:Jobs:SymbolsPerChunk must be at least 1, not {options.SymbolsPerChunk}");
        if (options.MaxItems < 1) throw new InvalidOperationException($"Features:Jobs:MaxItems must be at least 1, not {options.MaxItems}");
        services.AddSingleton(options);
        services.AddSingleton<JobStorage>(sp => CreateStorage(sp.GetRequiredService<DatabaseSettings>(), options, sp.GetRequiredService<FeaturesPaths>()));
        services.AddSingleton<IBackgroundJobClient>(sp => new BackgroundJobClient(sp.GetRequiredService<JobStorage>()));
        services.AddSingleton<JobEngine>();
        services.AddTransient<JobChunkRunner>();
        services.AddSingleton<FeatureJobs>();
        services.AddSingleton<FeatureJobHandler>();
        services.AddSingleton<IJobHandler>(sp => sp.GetRequiredService<FeatureJobHandler>());
        services.AddSingleton<DatasetRecall>();
        services.AddSingleton<SymbolProducer>();
        services.AddHostedService<JobServer>();
    }

    private static JobStorage CreateStorage(DatabaseSettings database, JobsOptions options, FeaturesPaths paths)
    {
        var invisibility = TimeSpan.FromSeconds(Math.Max(5, options.InvisibilityTimeoutSeconds));
        if (database.Provider == DatabaseProvider.Postgres)
        {
            var pg = new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                PrepareSchemaIfNecessary = true,
                // Long polling (LISTEN/NOTIFY) stays off: in 1.21.1 a worker that has just fetched a chunk waits in Dequeue for
                // its listener task to stop, and when that task never ends the worker hangs there while the fetched chunk's
                // sliding keep-alive refreshes it for ever, so no other worker or host ever gets it (docs/JOBS.md). A worker
                // on the host that enqueues is still woken at once; other hosts poll every QueuePollSeconds.
                EnableLongPolling = false,
                // Sliding invisibility keeps a long chunk owned while its host lives.
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = invisibility,
                QueuePollInterval = options.QueuePoll(postgres: true),
                DistributedLockTimeout = TimeSpan.FromMinutes(1),
            };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, pg), pg);
        }
        var path = options.SqlitePath ?? Path.Combine(paths.Home, "hangfire.db");
        return new SQLiteStorage(path, new SQLiteStorageOptions
        {
            QueuePollInterval = options.QueuePoll(postgres: false),
            InvisibilityTimeout = invisibility,
        });
    }
}
