using Features.Host.Errors;
using Features.Host.Storage;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Jobs;

/// <summary>A job as it stands: its row and its counter.</summary>
public sealed record JobProgress(JobRecord Job, JobCounter Counter)
{
    public int Done => Counter.Computed + Counter.Cached + Counter.Failed;
}

/// <summary>A chunk to run: the job and its unfinished items, now marked running.</summary>
public sealed record ChunkWork(JobRecord Job, IReadOnlyList<JobItem> Items);

/// <summary>
/// The jobs engine over our own tables and Hangfire (docs/JOBS.md): a job's items are rows, chunked; each chunk is one
/// Hangfire job on the batch queue, run by whichever host fetches it. Results are recorded with a conditional update
/// (only an unfinished item changes), and the counter row moves in the same transaction, so an item delivered twice
/// counts once and the item that brings <c>remaining</c> to zero finishes the job. No coordinator of our own.
/// </summary>
public sealed class JobEngine(IDbContextFactory<FeaturesDbContext> contexts, IBackgroundJobClient hangfire, ILogger<JobEngine> logger)
{
    /// <summary>
    /// Stores the job and its items (their <see cref="JobItem.Chunk"/> set), then queues one Hangfire job per chunk with
    /// work left. Items may come already answered (cached at submit); a job with nothing left finishes at once.
    /// </summary>
    public async Task<JobProgress> SubmitAsync(string kind, string requestJson, IReadOnlyList<JobItem> items, CancellationToken ct)
    {
        var now = StorageClock.UtcNow;
        var pending = items.Where(i => i.Status is not (ItemStatus.Succeeded or ItemStatus.Failed)).ToList();
        var answered = items.Count - pending.Count;
        var job = new JobRecord
        {
            Id = Guid.NewGuid(),
            Kind = kind,
            Status = pending.Count == 0 && items.Count > 0 ? JobStatus.Succeeded : JobStatus.Queued,
            RequestJson = requestJson,
            TotalItems = items.Count,
            ChunkCount = items.Count == 0 ? 0 : items.Max(i => i.Chunk) + 1,
            CreatedAt = now,
            StartedAt = pending.Count == 0 && items.Count > 0 ? now : null,
            FinishedAt = pending.Count == 0 && items.Count > 0 ? now : null,
        };
        var counter = new JobCounter
        {
            JobId = job.Id,
            Remaining = pending.Count,
            Cached = items.Count(i => i.Status == ItemStatus.Succeeded && i.Cached == true),
            Computed = items.Count(i => i.Status == ItemStatus.Succeeded && i.Cached != true),
            Failed = items.Count(i => i.Status == ItemStatus.Failed),
        };
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Jobs.Add(job);
            db.JobCounters.Add(counter);
            foreach (var item in items)
            {
                item.JobId = job.Id;
                item.UpdatedAt = now;
            }
            foreach (var item in pending) item.Status = ItemStatus.Pending;
            await db.SaveChangesAsync(ct);
            await RowInsert.InsertAsync(db, items, ct);
            await tx.CommitAsync(ct);
        }
        var chunks = pending.Select(i => i.Chunk).Distinct().Order().ToList();
        foreach (var chunk in chunks) Enqueue(job.Id, chunk);
        logger.LogInformation("Job {Job} ({Kind}): {Items} items, {Answered} answered at submit, {Chunks} chunks queued", job.Id, kind, items.Count, answered, chunks.Count);
        return new JobProgress(job, counter);
    }

    private void Enqueue(Guid jobId, int chunk) =>
        hangfire.Create<JobChunkRunner>(r => r.RunAsync(jobId, chunk, null, CancellationToken.None), new EnqueuedState(JobQueues.Batch));

    public async Task<JobProgress?> FindAsync(Guid jobId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        // One statement, so one snapshot: read apart, a finish committed between the two reads showed
        // remaining 0 on a job not yet finished (or the reverse).
        var row = await db.Jobs.AsNoTracking().Where(j => j.Id == jobId)
            .Join(db.JobCounters.AsNoTracking(), j => j.Id, c => c.JobId, (j, c) => new { j, c })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : new JobProgress(row.j, row.c);
    }

    public async Task<JobProgress> GetAsync(Guid jobId, CancellationToken ct) =>
        await FindAsync(jobId, ct) ?? throw ProblemException.NotFound("Job not found");

    /// <summary>Marks the job running and the chunk's unfinished items running; null when nothing is left to do (cancelled, or done by another delivery).</summary>
    public async Task<ChunkWork?> StartChunkAsync(Guid jobId, int chunk, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = StorageClock.UtcNow;
        await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Running).SetProperty(j => j.StartedAt, now), ct);
        var job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null || job.Status == JobStatus.Cancelled) return null;
        await db.JobItems.Where(i => i.JobId == jobId && i.Chunk == chunk && i.Status == ItemStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.Running).SetProperty(i => i.UpdatedAt, now), ct);
        // Running items too: a host that died mid-chunk left them so, and Hangfire delivered the chunk again. Ordered
        // here, not in SQL: ORDER BY seq makes SQLite walk the job's whole primary key instead of the chunk's index.
        var items = await db.JobItems.AsNoTracking()
            .Where(i => i.JobId == jobId && i.Chunk == chunk && i.Status == ItemStatus.Running)
            .ToListAsync(ct);
        return items.Count == 0 ? null : new ChunkWork(job, [.. items.OrderBy(i => i.Seq)]);
    }

    /// <summary>Records outcomes of a chunk's unfinished items only, moves the counter in the same transaction, then finishes the job if that was the last.</summary>
    public async Task RecordAsync(Guid jobId, int chunk, IReadOnlyList<ItemOutcome> outcomes, CancellationToken ct)
    {
        if (outcomes.Count == 0) return;
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = StorageClock.UtcNow;
        int computed = 0, cached = 0, failed = 0;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            foreach (var part in outcomes.Chunk(ItemOutcomeUpdate.MaxPerStatement))
            {
                var changed = await ItemOutcomeUpdate.ApplyAsync(db, jobId, chunk, part, now, ct);
                foreach (var o in part.Where(o => changed.Contains(o.Seq)))
                {
                    if (o.Status == ItemStatus.Failed) failed++;
                    else if (o.Cached == true) cached++;
                    else computed++;
                }
            }
            var total = computed + cached + failed;
            // In the same transaction: committed apart, a reader saw remaining 0 on a job still running.
            if (total == 0 || await MoveCounterAsync(db, jobId, computed, cached, failed, ct) <= 0) await TryFinishAsync(db, jobId, ct);
            await tx.CommitAsync(ct);
        }
    }

    /// <summary>Adds a record's counts to the job's counter; returns what remains. Plain SQL (<see cref="ModelSql"/>): it runs once per symbol.</summary>
    private static async Task<int> MoveCounterAsync(FeaturesDbContext db, Guid jobId, int computed, int cached, int failed, CancellationToken ct)
    {
        var counters = ModelSql.For<JobCounter>(db);
        await using var command = await ModelSql.CommandAsync(db, ct);
        string Add(string property, int by) => $"{counters.Column(property)} = {counters.Column(property)} + {counters.Value(command, property, by)}";
        command.CommandText = $"UPDATE {counters.Table} SET {Add(nameof(JobCounter.Computed), computed)}, {Add(nameof(JobCounter.Cached), cached)}, " +
                              $"{Add(nameof(JobCounter.Failed), failed)}, {Add(nameof(JobCounter.Remaining), -(computed + cached + failed))} " +
                              $"WHERE {counters.Column(nameof(JobCounter.JobId))} = {counters.Value(command, nameof(JobCounter.JobId), jobId)} " +
                              $"RETURNING {counters.Column(nameof(JobCounter.Remaining))}";
        var remaining = await command.ExecuteScalarAsync(ct);
        return remaining is null or DBNull ? 0 : Convert.ToInt32(remaining, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Sets the final status once nothing remains, inside the caller's transaction after it moved the counter; the
    /// counter row's lock orders the callers, so exactly one sees zero. Callers lock items, then the counter, then the
    /// job (never the job first), so two of them cannot deadlock.
    /// </summary>
    private static async Task TryFinishAsync(FeaturesDbContext db, Guid jobId, CancellationToken ct)
    {
        var counter = await db.JobCounters.AsNoTracking().SingleAsync(c => c.JobId == jobId, ct);
        if (counter.Remaining > 0) return;
        var now = StorageClock.UtcNow;
        var status = counter.Failed == 0 ? JobStatus.Succeeded
            : counter.Computed + counter.Cached == 0 ? JobStatus.Failed
            : JobStatus.CompletedWithErrors;
        await db.Jobs.Where(j => j.Id == jobId && (j.Status == JobStatus.Running || j.Status == JobStatus.Queued))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, status).SetProperty(j => j.FinishedAt, now), ct);
        await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.Cancelled && j.FinishedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.FinishedAt, now), ct);
    }

    /// <summary>Drops the items not started (their chunks find nothing to do); running ones finish and are recorded.</summary>
    public async Task<JobProgress> CancelAsync(Guid jobId, CancellationToken ct)
    {
        var current = await GetAsync(jobId, ct);
        if (JobStatus.IsFinished(current.Job.Status))
        {
            throw ProblemException.Conflict($"job {jobId} has already finished ({current.Job.Status}); there is nothing to cancel");
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = StorageClock.UtcNow;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Items, counter, then job: the order RecordAsync locks them in.
            var dropped = await db.JobItems.Where(i => i.JobId == jobId && i.Status == ItemStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.Cancelled).SetProperty(i => i.UpdatedAt, now), ct);
            await db.JobCounters.Where(c => c.JobId == jobId).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Cancelled, c => c.Cancelled + dropped)
                .SetProperty(c => c.Remaining, c => c.Remaining - dropped), ct);
            var changed = await db.Jobs.Where(j => j.Id == jobId && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running))
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Cancelled), ct);
            if (changed == 0) throw ProblemException.Conflict($"job {jobId} finished while it was being cancelled");
            await TryFinishAsync(db, jobId, ct);
            await tx.CommitAsync(ct);
        }
        logger.LogInformation("Job {Job} cancelled", jobId);
        return await GetAsync(jobId, ct);
    }

    /// <summary>Queues the failed items of a finished job again (their chunks only); 409 while it runs or when none failed.</summary>
    public async Task<JobProgress> RetryAsync(Guid jobId, CancellationToken ct)
    {
        var current = await GetAsync(jobId, ct);
        if (!JobStatus.IsFinished(current.Job.Status))
        {
            throw ProblemException.Conflict($"job {jobId} is still {current.Job.Status}; retry its failed items once it has finished");
        }
        if (current.Counter.Failed == 0)
        {
            throw ProblemException.Conflict($"job {jobId} has no failed items to retry (it {(current.Job.Status == JobStatus.Cancelled ? "was cancelled" : "succeeded")})");
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = StorageClock.UtcNow;
        List<int> chunks;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var changed = await db.Jobs.Where(j => j.Id == jobId && j.Status == current.Job.Status && j.FinishedAt != null)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Running).SetProperty(j => j.FinishedAt, (DateTime?)null), ct);
            if (changed == 0) throw ProblemException.Conflict($"job {jobId} changed while it was being retried; read it again");
            chunks = await db.JobItems.Where(i => i.JobId == jobId && i.Status == ItemStatus.Failed).Select(i => i.Chunk).Distinct().ToListAsync(ct);
            var requeued = await db.JobItems.Where(i => i.JobId == jobId && i.Status == ItemStatus.Failed)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.Pending).SetProperty(i => i.ErrorJson, (string?)null).SetProperty(i => i.UpdatedAt, now), ct);
            await db.JobCounters.Where(c => c.JobId == jobId).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Failed, c => c.Failed - requeued)
                .SetProperty(c => c.Remaining, c => c.Remaining + requeued), ct);
            await tx.CommitAsync(ct);
        }
        foreach (var chunk in chunks) Enqueue(jobId, chunk);
        logger.LogInformation("Job {Job}: failed items of {Chunks} chunks queued again", jobId, chunks.Count);
        return await GetAsync(jobId, ct);
    }

    /// <summary>Fails the chunk's unfinished items with <paramref name="problem"/> (its retries ran out, or the handler broke).</summary>
    public async Task FailUnfinishedAsync(Guid jobId, int chunk, ProblemException problem, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var seqs = await db.JobItems.Where(i => i.JobId == jobId && i.Chunk == chunk && (i.Status == ItemStatus.Running || i.Status == ItemStatus.Pending))
            .Select(i => i.Seq).ToListAsync(ct);
        await RecordAsync(jobId, chunk, [.. seqs.Select(s => ItemOutcome.Failed(s, problem))], ct);
    }
}
