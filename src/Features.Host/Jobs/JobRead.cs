using System.Text.Json;

namespace Features.Host.Jobs;

/// <summary>A job as the API returns it: status, counts, rate and ETA, and the request it runs.</summary>
public sealed class JobRead
{
    public Guid Id { get; init; }
    public required string Kind { get; init; }
    public required string Status { get; init; }
    public int TotalItems { get; init; }
    /// <summary>Items finished: computed + cached + failed.</summary>
    public int Done { get; init; }
    public int Computed { get; init; }
    public int Cached { get; init; }
    public int Failed { get; init; }
    public int Cancelled { get; init; }
    public int Remaining { get; init; }
    public double? ItemsPerSecond { get; init; }
    public double? EtaSeconds { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
    public JsonElement Request { get; init; }

    public static JobRead From(JobProgress p, DateTime now)
    {
        var (job, counter) = (p.Job, p.Counter);
        double? rate = null, eta = null;
        if (job.StartedAt is { } started)
        {
            var seconds = ((job.FinishedAt ?? now) - started).TotalSeconds;
            if (seconds > 0) rate = Math.Round(p.Done / seconds, 2);
            if (rate > 0 && !JobStatus.IsFinished(job.Status)) eta = Math.Round(counter.Remaining / rate.Value, 1);
        }
        if (JobStatus.IsFinished(job.Status)) eta = 0;
        using var request = JsonDocument.Parse(job.RequestJson);
        return new JobRead
        {
            Id = job.Id,
            Kind = job.Kind,
            Status = job.Status,
            TotalItems = job.TotalItems,
            Done = p.Done,
            Computed = counter.Computed,
            Cached = counter.Cached,
            Failed = counter.Failed,
            Cancelled = counter.Cancelled,
            Remaining = counter.Remaining,
            ItemsPerSecond = rate,
            EtaSeconds = eta,
            CreatedAt = job.CreatedAt,
            StartedAt = job.StartedAt,
            FinishedAt = job.FinishedAt,
            Request = request.RootElement.Clone(),
        };
    }
}

/// <summary>The route of the endpoints of one job.</summary>
public sealed class JobRoute
{
    [FastEndpoints.BindFrom("job_id")]
    public Guid JobId { get; set; }
}
