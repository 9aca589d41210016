namespace Features.Host.Jobs;

/// <summary>The <c>Features:Jobs</c> configuration section (docs/JOBS.md).</summary>
public sealed class JobsOptions
{
    /// <summary>Whether this host runs job items (a Hangfire server). Off: it still accepts and reports jobs for other hosts to run.</summary>
    public bool Worker { get; set; } = true;

    /// <summary>Hangfire workers on this host; default the processor count (items are CPU-bound kernel passes).</summary>
    public int? Workers { get; set; }

    /// <summary>
    /// Symbols per work item (one Hangfire job). Each chunk costs ~10 ms of CPU beyond its symbols (Hangfire's fetch and
    /// state changes, starting and answering the chunk), so a few hosts want big chunks; a cluster wants at least a few
    /// chunks per worker for balance (docs/JOBS.md, "The work unit").
    /// </summary>
    public int SymbolsPerChunk { get; set; } = 16;

    /// <summary>The largest job (features × symbols) accepted; more is a 422.</summary>
    public int MaxItems { get; set; } = 500_000;

    /// <summary>How long a fetched item stays invisible to other hosts before it is redelivered (a dead host's items wait this long).</summary>
    public int InvisibilityTimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// How often an idle worker polls the queue for work enqueued where it cannot be woken: on SQLite always, on
    /// PostgreSQL for work another host enqueued. A shorter poll costs an idle host CPU and saves a job at most the
    /// wait for its first chunk (docs/JOBS.md).
    /// </summary>
    public double QueuePollSeconds { get; set; } = 1;

    public TimeSpan QueuePoll(bool postgres) => TimeSpan.FromSeconds(Math.Max(postgres ? 0.2 : 0.1, QueuePollSeconds));

    /// <summary>Retries of a work item that failed for a transient reason (database or object store unreachable), with back-off.</summary>
    public int TransientRetries { get; set; } = 10;

    /// <summary>Where the embedded default keeps its Hangfire storage; default <c>&lt;home&gt;/hangfire.db</c>.</summary>
    public string? SqlitePath { get; set; }

    public int WorkerCount => Math.Max(1, Workers ?? Environment.ProcessorCount);
}
