using Hangfire;

namespace Features.Host.Jobs;

/// <summary>
/// This host's Hangfire server: workers on the batch queue only, as many as <see cref="JobsOptions.WorkerCount"/>.
/// Every host pointing at the same database runs one, and they share the queue with no coordinator.
/// </summary>
internal sealed class JobServer(IServiceProvider services, JobsOptions options, ILogger<JobServer> logger) : IHostedService
{
    private BackgroundJobServer? _server;

    public Task StartAsync(CancellationToken ct)
    {
        if (!options.Worker) return Task.CompletedTask;
        var storage = services.GetRequiredService<JobStorage>();
        _server = new BackgroundJobServer(new BackgroundJobServerOptions
        {
            ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}",
            Queues = [JobQueues.Batch],
            WorkerCount = options.WorkerCount,
            // A stopping host lets a chunk end its current symbol, then hands the rest back to the queue.
            StopTimeout = TimeSpan.FromSeconds(2),
            ShutdownTimeout = TimeSpan.FromSeconds(10),
            SchedulePollingInterval = TimeSpan.FromSeconds(1),
            Activator = new ServiceScopeJobActivator(services.GetRequiredService<IServiceScopeFactory>()),
        }, storage);
        logger.LogInformation("Job workers started: {Workers} on queue {Queue}", options.WorkerCount, JobQueues.Batch);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken ct)
    {
        // The test host may stop twice; only the first call owns the server.
        if (Interlocked.Exchange(ref _server, null) is not { } server) return;
        server.SendStop();
        try
        {
            await server.WaitForShutdownAsync(ct);
        }
        catch (OperationCanceledException)
        {
        }
        server.Dispose();
    }
}

/// <summary>Hangfire creates each job's runner in a DI scope of this host (not the process-wide default activator).</summary>
internal sealed class ServiceScopeJobActivator(IServiceScopeFactory scopes) : JobActivator
{
    public override JobActivatorScope BeginScope(JobActivatorContext context) => new Scope(scopes.CreateScope());

    private sealed class Scope(IServiceScope scope) : JobActivatorScope
    {
        public override object Resolve(Type type) => ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);

        public override void DisposeScope() => scope.Dispose();
    }
}
