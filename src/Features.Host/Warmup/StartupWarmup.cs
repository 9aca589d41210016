using Features.Host.Plugins;
using Features.Host.Storage;

namespace Features.Host.Warmup;

/// <summary>
/// Runs <see cref="WarmupJob"/> once, after the host has started, beside whatever requests arrive. A fresh process
/// compiles the job path (EF Core, Hangfire, the kernels, the Parquet writer) on its first job; measured, that is
/// 1.2-3 s of a 13-17 s first 800 × 14 job on two cores (docs/BENCHMARKS.md). A failure only logs: the host works without it.
/// </summary>
internal sealed class StartupWarmup(WarmupOptions options, PluginRegistry plugins, FeaturesPaths paths, IHostApplicationLifetime lifetime, ILogger<StartupWarmup> logger)
    : BackgroundService
{
    /// <summary>Ends when the warm-up has run (or failed, or been skipped); for tests and the log.</summary>
    public Task<WarmupResult?> Completion => _completion.Task;

    private readonly TaskCompletionSource<WarmupResult?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        WarmupResult? result = null;
        try
        {
            if (!options.Enabled) return;
            // After start, so the warm-up never delays the host's readiness.
            await WhenStarted(stoppingToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            result = await WarmupJob.RunAsync(options, plugins, Path.Combine(paths.TempDirectory, "warmup"), timeout.Token);
            logger.LogInformation("Warm-up: {Items} items of {Plugins} in {Seconds:F1} s", result.Items, string.Join(", ", result.Plugins), result.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Warm-up failed; the host is unaffected, its first job only compiles more");
        }
        finally
        {
            _completion.TrySetResult(result);
        }
    }

    private Task WhenStarted(CancellationToken ct)
    {
        if (lifetime.ApplicationStarted.IsCancellationRequested) return Task.CompletedTask;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(ct);
    }
}
