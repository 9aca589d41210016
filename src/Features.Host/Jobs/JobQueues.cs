namespace Features.Host.Jobs;

/// <summary>
/// Hangfire queues. Batch items run only on <see cref="Batch"/>, served by this host's batch workers; single generates
/// never go through Hangfire (they run on request threads), so a backfill can use every batch worker without queueing them.
/// </summary>
public static class JobQueues
{
    public const string Batch = "batch";
}
