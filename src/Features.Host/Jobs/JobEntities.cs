namespace Features.Host.Jobs;

/// <summary>A batch job: a kind (whose handler runs its items), the request as submitted, and where it stands.</summary>
public sealed class JobRecord
{
    public Guid Id { get; set; }
    public required string Kind { get; set; }
    public required string Status { get; set; }
    /// <summary>The normalised request (JSON), as the kind's handler reads it.</summary>
    public required string RequestJson { get; set; }
    public int TotalItems { get; set; }
    public int ChunkCount { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
}

/// <summary>
/// The fan-in counter of a job, one row updated atomically (in the transaction that records items), so the item
/// that brings <see cref="Remaining"/> to zero finishes the job, on whichever host it ran.
/// </summary>
public sealed class JobCounter
{
    public Guid JobId { get; set; }
    public int Computed { get; set; }
    public int Cached { get; set; }
    public int Failed { get; set; }
    public int Cancelled { get; set; }
    public int Remaining { get; set; }
}

/// <summary>One result of a job (for a feature job: one feature over one symbol); items are run a chunk at a time.</summary>
public sealed class JobItem
{
    public Guid JobId { get; set; }
    public int Seq { get; set; }
    /// <summary>The work unit (one Hangfire job) this item belongs to.</summary>
    public int Chunk { get; set; }
    public required string Symbol { get; set; }
    public Guid? FeatureId { get; set; }
    public required string Status { get; set; }
    public Guid? DatasetId { get; set; }
    public string? VersionHash { get; set; }
    public bool? Cached { get; set; }
    /// <summary>The problem detail (JSON) a single generate would have answered, when the item failed.</summary>
    public string? ErrorJson { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>The statuses of jobs and items (snake_case on the wire).</summary>
public static class JobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string CompletedWithErrors = "completed_with_errors";

    public static readonly string[] Finished = [Succeeded, Failed, Cancelled, CompletedWithErrors];

    public static bool IsFinished(string status) => Finished.Contains(status);
}

/// <summary>Item statuses: pending until its chunk starts, running while it runs, then one of the last three.</summary>
public static class ItemStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly string[] All = [Pending, Running, Succeeded, Failed, Cancelled];
}
