using Features.Host.Errors;
using Features.Host.Jobs;
using Features.Host.Storage;
using Features.Host.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Jobs;

/// <summary>
/// <see cref="JobEngine.RecordAsync"/> writes outcomes with one UPDATE per few hundred items (<c>ItemOutcomeUpdate</c>):
/// every column of every item lands as given, on both databases, across statement boundaries; an outcome delivered
/// again changes nothing and counts nothing; the counter finishes the job.
/// </summary>
public sealed class JobEngineRecordTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    /// <summary>A job of <paramref name="count"/> items stored directly (no Hangfire chunk, so no worker touches it), every item running but the last pending.</summary>
    private static async Task<Guid> StoreRunningJobAsync(IDbContextFactory<FeaturesDbContext> contexts, int count)
    {
        var id = Guid.NewGuid();
        await using var db = await contexts.CreateDbContextAsync();
        var now = StorageClock.UtcNow;
        db.Jobs.Add(new JobRecord { Id = id, Kind = "record-test", Status = JobStatus.Running, RequestJson = "{}", TotalItems = count, ChunkCount = 1, CreatedAt = now, StartedAt = now });
        db.JobCounters.Add(new JobCounter { JobId = id, Remaining = count });
        for (var seq = 0; seq < count; seq++)
        {
            db.JobItems.Add(new JobItem
            {
                JobId = id, Seq = seq, Chunk = 0, Symbol = $"R{seq}", FeatureId = Guid.NewGuid(),
                Status = seq == count - 1 ? ItemStatus.Pending : ItemStatus.Running, UpdatedAt = now,
            });
        }
        await db.SaveChangesAsync();
        return id;
    }

    private static ItemOutcome OutcomeFor(int seq) => (seq % 3) switch
    {
        0 => ItemOutcome.Succeeded(seq, new Guid(seq, 0, 0, [1, 2, 3, 4, 5, 6, 7, 8]), $"hash{seq:D5}", cached: false),
        1 => ItemOutcome.Succeeded(seq, new Guid(seq, 1, 1, [8, 7, 6, 5, 4, 3, 2, 1]), $"hash{seq:D5}", cached: true),
        _ => ItemOutcome.Failed(seq, ProblemException.Invalid("parameters.period", $"item {seq}: must be ≥ 1")),
    };

    [Theory, MemberData(nameof(Backends))]
    public async Task Outcomes_of_many_items_land_column_for_column_and_a_second_delivery_changes_and_counts_nothing(string backend)
    {
        var services = TestHosts.Get(backend).Services;
        var contexts = services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>();
        var engine = services.GetRequiredService<JobEngine>();
        const int count = 1_203; // more than two statements' worth
        var id = await StoreRunningJobAsync(contexts, count);

        // All but the last ten first (spanning statements), then those ten, then everything again with other values.
        var outcomes = Enumerable.Range(0, count).Select(OutcomeFor).ToList();
        await engine.RecordAsync(id, 0, outcomes[..^10], CancellationToken.None);
        var midway = await engine.GetAsync(id, CancellationToken.None);
        midway.Counter.Remaining.ShouldBe(10);
        midway.Job.Status.ShouldBe(JobStatus.Running);
        await engine.RecordAsync(id, 0, outcomes[^10..], CancellationToken.None);
        var replay = outcomes.Select(o => ItemOutcome.Failed(o.Seq, ProblemException.NotFound("late duplicate"))).ToList();
        await engine.RecordAsync(id, 0, replay, CancellationToken.None);

        var done = await engine.GetAsync(id, CancellationToken.None);
        done.Counter.Computed.ShouldBe(401);
        done.Counter.Cached.ShouldBe(401);
        done.Counter.Failed.ShouldBe(401);
        done.Counter.Remaining.ShouldBe(0);
        done.Job.Status.ShouldBe(JobStatus.CompletedWithErrors);
        done.Job.FinishedAt.ShouldNotBeNull();

        await using var db = await contexts.CreateDbContextAsync();
        var items = await db.JobItems.AsNoTracking().Where(i => i.JobId == id).OrderBy(i => i.Seq).ToListAsync();
        items.Count.ShouldBe(count);
        foreach (var item in items)
        {
            var expected = OutcomeFor(item.Seq);
            item.Status.ShouldBe(expected.Status, $"seq {item.Seq}");
            item.DatasetId.ShouldBe(expected.DatasetId, $"seq {item.Seq}");
            item.VersionHash.ShouldBe(expected.VersionHash, $"seq {item.Seq}");
            item.Cached.ShouldBe(expected.Cached, $"seq {item.Seq}");
            item.ErrorJson.ShouldBe(expected.ErrorJson, $"seq {item.Seq}");
        }
        System.Text.Json.Nodes.JsonNode.Parse(items[2].ErrorJson.ShouldNotBeNull())!["errors"]!["parameters.period"]![0]!.GetValue<string>()
            .ShouldBe("item 2: must be ≥ 1");
    }

    public static TheoryData<string> RealOnly => Infrastructure.Backends.RealOnly();

    /// <summary>
    /// The outcome that brings <c>remaining</c> to zero and the job's final status commit together. Another session holds
    /// the job's row, so the recording stops inside its transaction, just before it finishes the job: a reader then
    /// still sees the job running with its item remaining (committed apart, it saw remaining 0 on a running job, with
    /// no <c>finished_at</c>). PostgreSQL only: SQLite has one writer, so there is no inside to look at.
    /// </summary>
    [Theory, MemberData(nameof(RealOnly))]
    public async Task The_last_outcome_and_the_jobs_finish_become_visible_together(string backend)
    {
        if (backend.EndsWith(":skip", StringComparison.Ordinal)) return;
        var app = TestHosts.Get(backend);
        var contexts = app.Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>();
        var engine = app.Services.GetRequiredService<JobEngine>();
        var id = await StoreRunningJobAsync(contexts, 2);
        await engine.RecordAsync(id, 0, [OutcomeFor(0)], CancellationToken.None);

        await using var blocker = new Npgsql.NpgsqlConnection(app.DatabaseConnection);
        await blocker.OpenAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockJob = new Npgsql.NpgsqlCommand("SELECT 1 FROM jobs WHERE id = @id FOR UPDATE", blocker, hold))
        {
            lockJob.Parameters.AddWithValue("id", id);
            await lockJob.ExecuteScalarAsync();
        }
        var recording = engine.RecordAsync(id, 0, [OutcomeFor(1)], CancellationToken.None);
        await WaitUntilAnUpdateOfJobsWaitsAsync(app.DatabaseConnection!, recording);

        var during = await engine.GetAsync(id, CancellationToken.None);
        (during.Job.Status, during.Counter.Remaining, during.Job.FinishedAt).ShouldBe((JobStatus.Running, 1, (DateTime?)null));

        await hold.RollbackAsync();
        await recording;
        var after = await engine.GetAsync(id, CancellationToken.None);
        (after.Job.Status, after.Counter.Remaining, after.Counter.Computed + after.Counter.Cached).ShouldBe((JobStatus.Succeeded, 0, 2));
        after.Job.FinishedAt.ShouldNotBeNull();
    }

    private static async Task WaitUntilAnUpdateOfJobsWaitsAsync(string connection, Task recording)
    {
        await using var watcher = new Npgsql.NpgsqlConnection(connection);
        await watcher.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            recording.IsCompleted.ShouldBeFalse("the recording finished although the job's row was held: it did not update the job");
            await using var waiting = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'UPDATE jobs%'", watcher);
            if ((long)(await waiting.ExecuteScalarAsync())! > 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the recording never waited for the job's row");
            await Task.Delay(20);
        }
    }
}
