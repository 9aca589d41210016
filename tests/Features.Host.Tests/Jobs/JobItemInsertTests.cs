using Features.Host.Jobs;
using Features.Host.Storage;
using Features.Host.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Jobs;

/// <summary>
/// <see cref="JobItemInsert"/> writes a job's items with plain multi-row INSERTs instead of the change tracker. The rows
/// must be exactly what EF would have stored: EF's own queries find them by job id (a Guid stored in another format
/// would match nothing on SQLite), and every column reads back as given, nulls included, across statement boundaries.
/// </summary>
public sealed class JobItemInsertTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private static JobItem ItemFor(Guid jobId, int seq, DateTime now) => new()
    {
        JobId = jobId,
        Seq = seq,
        Chunk = seq / 4,
        Symbol = $"I{seq:D4}",
        FeatureId = seq % 5 == 0 ? null : new Guid(seq, 7, 7, [1, 2, 3, 4, 5, 6, 7, 8]),
        Status = (seq % 3) switch { 0 => ItemStatus.Pending, 1 => ItemStatus.Succeeded, _ => ItemStatus.Failed },
        DatasetId = seq % 3 == 1 ? new Guid(seq, 9, 9, [8, 7, 6, 5, 4, 3, 2, 1]) : null,
        VersionHash = seq % 3 == 1 ? $"hash{seq:D5}" : null,
        Cached = (seq % 3) switch { 0 => null, 1 => seq % 2 == 0, _ => false },
        ErrorJson = seq % 3 == 2 ? $$"""{"status":422,"detail":"item {{seq}}: ünïcode ≥ 1"}""" : null,
        UpdatedAt = now.AddMilliseconds(seq),
    };

    [Theory, MemberData(nameof(Backends))]
    public async Task Items_inserted_in_bulk_read_back_through_EF_column_for_column(string backend)
    {
        var contexts = TestHosts.Get(backend).Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>();
        var jobId = Guid.NewGuid();
        var now = new DateTime(2026, 12, 4, 21, 50, 1, 123, DateTimeKind.Utc);
        const int count = 1_003; // past SQLite's 32 rows and PostgreSQL's 1,000 rows per statement
        var items = Enumerable.Range(0, count).Select(seq => ItemFor(jobId, seq, now)).ToList();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Jobs.Add(new JobRecord { Id = jobId, Kind = "insert-test", Status = JobStatus.Queued, RequestJson = "{}", TotalItems = count, ChunkCount = 251, CreatedAt = now });
            await db.SaveChangesAsync();
            await using var tx = await db.Database.BeginTransactionAsync();
            await JobItemInsert.InsertAsync(db, items, CancellationToken.None);
            await tx.CommitAsync();
        }

        await using var read = await contexts.CreateDbContextAsync();
        var stored = await read.JobItems.AsNoTracking().Where(i => i.JobId == jobId).OrderBy(i => i.Seq).ToListAsync();
        stored.Count.ShouldBe(count);
        for (var seq = 0; seq < count; seq++)
        {
            var (expected, actual) = (items[seq], stored[seq]);
            actual.Seq.ShouldBe(seq);
            actual.Chunk.ShouldBe(expected.Chunk);
            actual.Symbol.ShouldBe(expected.Symbol);
            actual.FeatureId.ShouldBe(expected.FeatureId, $"seq {seq}");
            actual.Status.ShouldBe(expected.Status, $"seq {seq}");
            actual.DatasetId.ShouldBe(expected.DatasetId, $"seq {seq}");
            actual.VersionHash.ShouldBe(expected.VersionHash, $"seq {seq}");
            actual.Cached.ShouldBe(expected.Cached, $"seq {seq}");
            actual.ErrorJson.ShouldBe(expected.ErrorJson, $"seq {seq}");
            actual.UpdatedAt.ShouldBe(expected.UpdatedAt, $"seq {seq}");
            actual.UpdatedAt.Kind.ShouldBe(DateTimeKind.Utc);
        }
        // Filters on the other Guid and string columns match too (they are compared in the database, not in memory).
        var someFeature = items[7].FeatureId!.Value;
        (await read.JobItems.CountAsync(i => i.JobId == jobId && i.FeatureId == someFeature)).ShouldBe(1);
        (await read.JobItems.CountAsync(i => i.JobId == jobId && i.FeatureId == null)).ShouldBe(items.Count(i => i.FeatureId is null));
        (await read.JobItems.CountAsync(i => i.JobId == jobId && i.Chunk == 250 && i.Status == ItemStatus.Pending))
            .ShouldBe(items.Count(i => i.Chunk == 250 && i.Status == ItemStatus.Pending));
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_failed_statement_inside_the_transaction_leaves_no_item_behind(string backend)
    {
        var contexts = TestHosts.Get(backend).Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>();
        var jobId = Guid.NewGuid();
        var now = DateTime.UtcNow;
        var items = Enumerable.Range(0, 100).Select(seq => ItemFor(jobId, seq, now)).ToList();
        items.Add(ItemFor(jobId, 50, now)); // a duplicate key in the last statement
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Jobs.Add(new JobRecord { Id = jobId, Kind = "insert-test", Status = JobStatus.Queued, RequestJson = "{}", TotalItems = 101, ChunkCount = 26, CreatedAt = now });
            await db.SaveChangesAsync();
            await using var tx = await db.Database.BeginTransactionAsync();
            await Should.ThrowAsync<Exception>(() => JobItemInsert.InsertAsync(db, items, CancellationToken.None));
        }
        await using var read = await contexts.CreateDbContextAsync();
        (await read.JobItems.CountAsync(i => i.JobId == jobId)).ShouldBe(0);
    }
}
