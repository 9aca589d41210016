using Features.Host.Api.Features;
using Features.Host.Configuration;
using Features.Host.Generation;
using Features.Host.Jobs;
using Features.Host.MarketData;
using Features.Host.Plugins;
using Features.Host.Storage;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Warmup;

public sealed record WarmupResult(IReadOnlyList<string> Plugins, int Items, TimeSpan Elapsed);

/// <summary>
/// The warm-up itself: the host's own services, composed a second time over a scratch home (a SQLite file, a local
/// object folder and a Hangfire SQLite file of its own) and sharing this process's plugin registry, run one small job
/// through the same path a real job takes (submit, Hangfire, the symbol producer, the kernels, Parquet, the recorder).
/// Nothing reaches the host's database or object store; the scratch home is deleted afterwards.
/// </summary>
public static class WarmupJob
{
    public static async Task<WarmupResult> RunAsync(WarmupOptions options, PluginRegistry plugins, string scratchRoot, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var keys = options.Plugins.Where(k => plugins.TryGet(k, out _)).Distinct().ToList();
        if (keys.Count == 0) return new WarmupResult([], 0, clock.Elapsed);

        RemoveAbandoned(scratchRoot);
        // Named by process: hosts may share a home, and each removes only what a dead process left.
        var home = Path.Combine(scratchRoot, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        // Before the scratch host starts, so its Hangfire workers inherit it: the warm-up is no one's telemetry.
        using var muted = GenerationTelemetry.Mute();
        try
        {
            using var host = Compose(home, plugins);
            await host.StartAsync(ct);
            try
            {
                var items = await RunJobAsync(host.Services, options, keys, ct);
                return new WarmupResult(keys, items, clock.Elapsed);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
                // Only the scratch database's pooled connections: the host's own stay open.
                using var scratch = new Microsoft.Data.Sqlite.SqliteConnection(host.Services.GetRequiredService<DatabaseSettings>().ConnectionString);
                Microsoft.Data.Sqlite.SqliteConnection.ClearPool(scratch);
            }
        }
        finally
        {
            if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>Scratch homes of processes that no longer run (a host killed mid-warm-up).</summary>
    private static void RemoveAbandoned(string scratchRoot)
    {
        if (!Directory.Exists(scratchRoot)) return;
        foreach (var folder in Directory.EnumerateDirectories(scratchRoot))
        {
            var name = Path.GetFileName(folder);
            var owner = name.AsSpan(0, Math.Max(0, name.IndexOf('-')));
            if (int.TryParse(owner, out var pid) && (pid == Environment.ProcessId || Running(pid))) continue;
            Directory.Delete(folder, recursive: true);
        }
    }

    private static bool Running(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static IHost Compose(string home, PluginRegistry plugins)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var options = new FeaturesOptions { Home = home, SampleData = { SeedOnStart = false } };
        var services = builder.Services;
        services.AddLogging();
        services.AddSingleton(options);
        services.AddSingleton(new FeaturesPaths(home));
        services.AddSingleton(plugins); // the process's registry: the same plugin assemblies, so their compiled code is shared
        services.AddFeaturesWork(builder.Configuration, options);
        return builder.Build();
    }

    private static async Task<int> RunJobAsync(IServiceProvider services, WarmupOptions options, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var registry = services.GetRequiredService<PluginRegistry>();
        var bars = services.GetRequiredService<BarStore>();
        var start = new DateTime(2010, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var symbols = Enumerable.Range(0, options.Symbols).Select(i => $"WARMUP{i:D2}").ToList();
        var days = Enumerable.Range(0, options.Bars).Select(d => start.AddDays(d)).ToList();
        for (var i = 0; i < symbols.Count; i++) await bars.IngestAsync(symbols[i], "1d", SampleData.DailyWalk(days, seed: i), ct);

        var contexts = services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>();
        var ids = new List<Guid>();
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            foreach (var key in keys)
            {
                var definition = FeatureRules.NewDefinition(registry, key, "warmup-" + key);
                db.Features.Add(definition);
                ids.Add(definition.Id);
            }
            await db.SaveChangesAsync(ct);
        }

        var submitted = await services.GetRequiredService<FeatureJobs>().SubmitAsync(
            new FeatureJobSubmission(null, ids, new Universe(null, true, null), "1d", start, start.AddDays(options.Bars), Regenerate: false), ct);
        var engine = services.GetRequiredService<JobEngine>();
        while (true)
        {
            var progress = await engine.GetAsync(submitted.Job.Id, ct);
            if (JobStatus.IsFinished(progress.Job.Status))
            {
                if (progress.Job.Status != JobStatus.Succeeded) throw new InvalidOperationException($"the warm-up job ended {progress.Job.Status} ({progress.Counter.Failed} failed items)");
                return progress.Done;
            }
            await Task.Delay(50, ct);
        }
    }

}
