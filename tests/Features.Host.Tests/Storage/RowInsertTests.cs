using Features.Host.Jobs;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Features.Host.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Storage;

/// <summary>
/// <see cref="RowInsert"/> writes entities (here a job's items) with plain multi-row INSERTs instead of the change tracker. The rows
/// must be exactly what EF would have stored: EF's own queries find them by job id (a Guid stored in another format
/// would match nothing on SQLite), and every column reads back as given, nulls included, across statement boundaries.
/// </summary>
public sealed class RowInsertTests
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
            await RowInsert.InsertAsync(db, items, CancellationToken.None);
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
            await Should.ThrowAsync<Exception>(() => RowInsert.InsertAsync(db, items, CancellationToken.None));
        }
        await using var read = await contexts.CreateDbContextAsync();
        (await read.JobItems.CountAsync(i => i.JobId == jobId)).ShouldBe(0);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Dataset_rows_and_plan_facts_inserted_in_bulk_read_back_through_EF_property_for_property(string backend)
    {
        var contexts = TestHosts.Get(backend).Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>();
        var now = new DateTime(2026, 12, 5, 19, 30, 2, 456, DateTimeKind.Utc);
        var feature = new FeatureDefinition
        {
            Id = Guid.NewGuid(), Name = "row insert", PluginKey = "technical.sma", Type = "technical", ParametersJson = "{}",
            StoragePrefix = "row-insert/" + Guid.NewGuid().ToString("N"), CreatedAt = now, UpdatedAt = now,
        };
        var series = new BarSeries { Symbol = "RI" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), Timeframe = "1d", UpdatedAt = now };
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Features.Add(feature);
            db.Series.Add(series);
            await db.SaveChangesAsync();
        }
        const int count = 41; // past SQLite's rows per statement for this width
        var datasets = Enumerable.Range(0, count).Select(i => new FeatureDataset
        {
            Id = Guid.NewGuid(), FeatureId = feature.Id, VersionHash = $"{i:D4}" + new string('h', 60), Symbol = $"S{i % 3}", Timeframe = i % 2 == 0 ? "1d" : "1h",
            StartDate = new DateTime(2007, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i), EndDate = new DateTime(2021, 1, 1, 13, 30, 0, DateTimeKind.Utc).AddTicks(i * 10),
            SourceFingerprint = $"fp{i}", PluginKey = "technical.sma", PluginVersion = "1.2.3", ParametersJson = $$"""{"period":{{i}}}""",
            ObjectKey = $"k/{i}.parquet", StorageUri = $"file:///o/k/{i}.parquet", RowCount = 3_500L * i, SizeBytes = long.MaxValue - i,
            ObjectSha256 = new string('a', 64), ColumnsJson = """["timestamp","sma"]""", PreviewJson = $$"""[{"sma":{{i}}.5,"note":"ünï ≥ {{i}}"}]""",
            SupersedesId = i % 4 == 0 ? null : Guid.NewGuid(), CreatedAt = now.AddMilliseconds(i),
        }).ToList();
        var facts = Enumerable.Range(0, count).Select(i => new PlanFact
        {
            Key = $"{series.Id}@{i}:{i * 7}:{i * 11}:{i}", SeriesId = series.Id, Revision = i, ReadFrom = -1_000_000_000_000L * i, Fingerprint = $"f{i:D3}",
            BarsRead = i * 100, NotesJson = i % 2 == 0 ? "[]" : $$"""["note {{i}} ≠ ascii"]""", CreatedAt = now.AddSeconds(-i),
        }).ToList();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await RowInsert.InsertAsync(db, datasets, CancellationToken.None);
            await RowInsert.InsertAsync(db, facts, CancellationToken.None);
            await tx.CommitAsync();
        }

        await using var read = await contexts.CreateDbContextAsync();
        var storedDatasets = await read.Datasets.AsNoTracking().Where(d => d.FeatureId == feature.Id).ToDictionaryAsync(d => d.Id);
        var storedFacts = await read.PlanFacts.AsNoTracking().Where(f => f.SeriesId == series.Id).ToDictionaryAsync(f => f.Key);
        ShouldMatchEveryMappedProperty(read, datasets, storedDatasets, d => d.Id);
        ShouldMatchEveryMappedProperty(read, facts, storedFacts, f => f.Key);
        // Compared in the database, not in memory: dates, nullable Guids and strings as EF's own filters write them.
        var some = datasets[9];
        (await read.Datasets.CountAsync(d => d.FeatureId == feature.Id && d.StartDate == some.StartDate && d.EndDate == some.EndDate && d.SupersedesId == some.SupersedesId)).ShouldBe(1);
        (await read.Datasets.CountAsync(d => d.FeatureId == feature.Id && d.SupersedesId == null)).ShouldBe(datasets.Count(d => d.SupersedesId is null));
        (await read.PlanFacts.CountAsync(f => f.Key == facts[5].Key && f.CreatedAt == facts[5].CreatedAt)).ShouldBe(1);
    }

    private static void ShouldMatchEveryMappedProperty<T, TKey>(FeaturesDbContext db, List<T> expected, Dictionary<TKey, T> stored, Func<T, TKey> key) where T : class where TKey : notnull
    {
        stored.Count.ShouldBe(expected.Count);
        var properties = db.Model.FindEntityType(typeof(T))!.GetProperties().ToList();
        properties.Count.ShouldBeGreaterThan(5);
        foreach (var row in expected)
        {
            var actual = stored[key(row)];
            foreach (var property in properties)
            {
                var getter = property.GetGetter();
                getter.GetClrValue(actual).ShouldBe(getter.GetClrValue(row), $"{typeof(T).Name}.{property.Name} of {key(row)}");
            }
        }
    }
}
