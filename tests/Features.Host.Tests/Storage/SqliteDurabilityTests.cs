using Features.Host.Storage;
using Features.Host.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Storage;

/// <summary><see cref="SqliteDurability"/>: every connection of the embedded default runs at the configured synchronous level, waits for a busy database in SQLite, and keeps temporary files in memory.</summary>
public sealed class SqliteDurabilityTests
{
    [Theory]
    [InlineData(null, 1L)]      // NORMAL by default: WAL syncs at checkpoints, not at every commit
    [InlineData("full", 2L)]
    [InlineData("normal", 1L)]
    public async Task Every_connection_runs_at_the_configured_synchronous_level(string? configured, long expected)
    {
        var extra = configured is null ? null : new Dictionary<string, string?> { ["Features:Database:SqliteSynchronous"] = configured };
        using var app = FeaturesApp.Start(Backends.Embedded, extra);
        var contexts = app.Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>();
        for (var i = 0; i < 3; i++)
        {
            // Pooled and fresh connections alike: the level is per connection and set at every open.
            await using var db = await contexts.CreateDbContextAsync();
            (await db.Database.SqlQueryRaw<long>("SELECT synchronous AS \"Value\" FROM pragma_synchronous").SingleAsync()).ShouldBe(expected);
        }
    }

    [Fact]
    public async Task Every_connection_waits_in_sqlite_for_a_busy_database_instead_of_the_drivers_150_ms_sleeps()
    {
        using var app = FeaturesApp.Start(Backends.Embedded);
        var contexts = app.Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>();
        for (var i = 0; i < 3; i++)
        {
            await using var db = await contexts.CreateDbContextAsync();
            (await db.Database.SqlQueryRaw<long>("SELECT timeout AS \"Value\" FROM pragma_busy_timeout").SingleAsync()).ShouldBe(SqliteDurability.BusyTimeoutMilliseconds);
        }
    }

    [Fact]
    public async Task A_large_multi_row_statement_in_a_transaction_keeps_its_statement_journal_in_memory_not_in_a_temp_file()
    {
        using var app = FeaturesApp.Start(Backends.Embedded);
        var contexts = app.Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        (await db.Database.SqlQueryRaw<long>("SELECT temp_store AS \"Value\" FROM pragma_temp_store").SingleAsync()).ShouldBe(2L); // MEMORY
        await using var tx = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE journal_probe (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)");
        await db.Database.ExecuteSqlRawAsync(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO journal_probe (text) SELECT printf('%0200d', i) FROM n");
        // Rewrites ~100 pages that existed before the statement: SQLite journals them so that this statement alone can
        // be undone, and past 64 KiB it used to spill that journal to a new temporary file (an "etilqs_" file).
        await db.Database.ExecuteSqlRawAsync("UPDATE journal_probe SET text = text || 'x'");
        var temporaryFiles = new DirectoryInfo("/proc/self/fd").GetFileSystemInfos()
            .Select(fd => fd.LinkTarget ?? "").Where(target => target.Contains("etilqs_", StringComparison.Ordinal)).ToList();
        await tx.RollbackAsync();
        temporaryFiles.ShouldBeEmpty();
    }

    [Fact]
    public void An_unknown_level_fails_at_start_naming_the_setting()
    {
        var e = Should.Throw<InvalidOperationException>(() => FeaturesApp.Start(Backends.Embedded, new Dictionary<string, string?> { ["Features:Database:SqliteSynchronous"] = "off" }));
        e.Message.ShouldContain("Features:Database:SqliteSynchronous");
    }
}
