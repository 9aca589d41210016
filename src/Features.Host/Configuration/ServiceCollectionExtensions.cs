using System.Text.Json;
using Features.Host.Events;
using Features.Host.Fundamentals;
using Features.Host.Generation;
using Features.Host.Jobs;
using Features.Host.MarketData;
using Features.Host.News;
using Features.Host.Plugins;
using Features.Host.Storage;
using Features.Host.Storage.Objects;
using Features.Host.TrainingSets.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Configuration;

/// <summary>One AddXxx per concern, so Program.cs reads as a table of contents.</summary>
public static class ServiceCollectionExtensions
{
    public static FeaturesOptions AddFeaturesOptions(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Features").Get<FeaturesOptions>() ?? new FeaturesOptions();
        options.Home ??= Environment.GetEnvironmentVariable("FEATURES_HOME") ?? Path.Combine(Directory.GetCurrentDirectory(), ".features");
        var provider = options.Database.Provider.ToLowerInvariant();
        if (provider is not ("sqlite" or "postgres"))
        {
            throw new InvalidOperationException($"Features:Database:Provider must be 'sqlite' or 'postgres', not '{options.Database.Provider}'");
        }
        if (provider == "postgres" && string.IsNullOrWhiteSpace(options.Database.ConnectionString))
        {
            throw new InvalidOperationException("Features:Database:ConnectionString is required when the provider is postgres");
        }
        if (options.ObjectStore.Provider.ToLowerInvariant() is not ("local" or "s3"))
        {
            throw new InvalidOperationException($"Features:ObjectStore:Provider must be 'local' or 's3', not '{options.ObjectStore.Provider}'");
        }
        if (!SqliteDurability.Levels.Contains(options.Database.SqliteSynchronous.ToLowerInvariant()))
        {
            throw new InvalidOperationException($"Features:Database:SqliteSynchronous must be 'normal' or 'full', not '{options.Database.SqliteSynchronous}'");
        }
        CheckJwt(options.Auth);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new FeaturesPaths(options.Home));
        return options;
    }

    /// <summary>A half-configured issuer fails at start with the key to set, not at the first request.</summary>
    private static void CheckJwt(AuthOptions auth)
    {
        var jwt = auth.Jwt;
        if (!jwt.Enabled) return;
        if (!auth.Enabled) throw new InvalidOperationException("Features:Auth:Jwt:Authority is set but Features:Auth:Enabled is not: set Features:Auth:Enabled=true to require keys or tokens");
        if (!Uri.TryCreate(jwt.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            throw new InvalidOperationException($"Features:Auth:Jwt:Authority must be the issuer's absolute http(s) URL, not '{jwt.Authority}'");
        }
        if (jwt.RequireHttpsMetadata && authority.Scheme != "https")
        {
            throw new InvalidOperationException("Features:Auth:Jwt:Authority must use https (or set Features:Auth:Jwt:RequireHttpsMetadata=false for an issuer on loopback)");
        }
        if (string.IsNullOrWhiteSpace(jwt.Audience)) throw new InvalidOperationException("Features:Auth:Jwt:Audience is required with Features:Auth:Jwt:Authority");
        if (string.IsNullOrWhiteSpace(jwt.RoleClaim)) throw new InvalidOperationException("Features:Auth:Jwt:RoleClaim must name a claim (default 'roles')");
    }

    public static void AddFeaturesStorage(this IServiceCollection services, FeaturesOptions options)
    {
        var paths = new FeaturesPaths(options.Home!);
        Directory.CreateDirectory(paths.Home);
        var settings = options.Database.Provider.Equals("postgres", StringComparison.OrdinalIgnoreCase)
            ? new DatabaseSettings(DatabaseProvider.Postgres, options.Database.ConnectionString!)
            : new DatabaseSettings(DatabaseProvider.Sqlite, options.Database.ConnectionString ?? $"Data Source={paths.DatabaseFile};Default Timeout=60;Pooling=True");
        services.AddSingleton(settings);
        // Pooled: a new context resolves dozens of EF services, and batch work creates several per symbol (perf of a
        // universe job: context creation was a third of its remaining database CPU). A returned context is reset.
        services.AddPooledDbContextFactory<FeaturesDbContext>(db =>
        {
            if (settings.Provider == DatabaseProvider.Postgres) db.UseNpgsql(settings.ConnectionString);
            else db.UseSqlite(settings.ConnectionString).AddInterceptors(new SqliteOpenGate(), new SqliteDurability(options.Database.SqliteSynchronous));
        });

        if (options.ObjectStore.Provider.Equals("s3", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IObjectStore>(new S3ObjectStore(options.ObjectStore.S3));
        }
        else
        {
            services.AddSingleton<IObjectStore>(new LocalObjectStore(options.ObjectStore.Path ?? paths.ObjectsDirectory));
        }
        services.AddSingleton<SqliteCheckpoints>();
        services.AddSingleton<BarStore>();
        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
    }

    /// <summary>
    /// Everything a generate or a job needs below HTTP: storage, the pipeline, the data layers and the job engine. The
    /// host registers it once; the start-up warm-up registers it again over its scratch home (Warmup/WarmupJob.cs),
    /// so both run the same composition.
    /// </summary>
    public static void AddFeaturesWork(this IServiceCollection services, IConfiguration configuration, FeaturesOptions options)
    {
        services.AddFeaturesStorage(options);
        services.AddFeaturesGeneration();
        services.AddEvents(configuration);
        services.AddNews(configuration);
        services.AddFeaturesJobs(configuration);
        services.AddTrainingSets(configuration);
        services.AddSingleton<DatasetReader>();
        services.AddSingleton<SampleData>();
        services.AddFundamentals();
    }

    public static void AddFeaturesPlugins(this IServiceCollection services, FeaturesOptions options)
    {
        services.AddSingleton(sp =>
        {
            var file = PluginsFile.Locate(options.PluginsFile);
            var (pluginOptions, roots) = PluginsFile.Load(file);
            if (options.Plugins.ComputeTimeoutSeconds is { } timeout) pluginOptions.ComputeTimeoutSeconds = timeout;
            if (options.Plugins.HotReload is { } hotReload) pluginOptions.HotReload = hotReload;
            if (options.Plugins.RescanSeconds is { } rescan) pluginOptions.RescanSeconds = rescan;
            if (!(pluginOptions.RescanSeconds >= 0 && pluginOptions.RescanSeconds <= 86_400))
            {
                throw new InvalidOperationException($"plugins.json rescanSeconds (Features:Plugins:RescanSeconds) must be between 0 (off) and 86400, not {pluginOptions.RescanSeconds}");
            }
            var registry = new PluginRegistry(pluginOptions, roots, sp.GetRequiredService<ILogger<PluginRegistry>>());
            registry.Start();
            return registry;
        });
    }
}

/// <summary>Finds and reads plugins.json.</summary>
public static class PluginsFile
{
    public static string? Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "plugins.json");
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    public static (PluginsOptions Options, IReadOnlyList<string> Roots) Load(string? file)
    {
        if (file is null || !File.Exists(file))
        {
            return (new PluginsOptions(), [Path.Combine(AppContext.BaseDirectory, "plugins")]);
        }
        var options = JsonSerializer.Deserialize<PluginsOptions>(File.ReadAllText(file), new JsonSerializerOptions
        {
            PropertyNameCaseInsensitive = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        }) ?? new PluginsOptions();
        var baseDir = Path.GetDirectoryName(file)!;
        var roots = options.Folders.Select(f => Path.GetFullPath(Path.Combine(baseDir, f))).ToList();
        return (options, roots);
    }
}
