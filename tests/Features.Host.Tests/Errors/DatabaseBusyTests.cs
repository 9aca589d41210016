using System.Net;
using Features.Host.Errors;
using Features.Host.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Tests.Errors;

/// <summary>The embedded database's one write lock held by someone else: a write waits for it; a lock still held past the busy timeout is classified as busy (a 503 and a retried chunk), not a fault.</summary>
public sealed class DatabaseBusyTests
{
    [Fact]
    public async Task A_write_waits_while_another_connection_holds_the_lock_and_completes_once_it_is_let_go()
    {
        using var app = FeaturesApp.Start(Backends.Embedded);
        var client = app.CreateClient();
        (await client.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var holder = new SqliteConnection($"Data Source={Path.Combine(app.Home, "features.db")}");
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        var create = client.PostJsonAsync("/api/v1/features", new { name = "waits for the lock", plugin_key = "technical.rsi", parameters = new { period = 9 } });
        // While the lock is held the write can neither finish nor fail: it waits in SQLite's busy handler.
        (await Task.WhenAny(create, Task.Delay(TimeSpan.FromSeconds(1)))).ShouldNotBe(create);

        await using (var commit = holder.CreateCommand())
        {
            commit.CommandText = "COMMIT;";
            await commit.ExecuteNonQueryAsync();
        }
        var (status, body) = await create;
        status.ShouldBe(HttpStatusCode.Created);
        var (read, stored) = await client.GetJsonAsync($"/api/v1/features/{body!["id"]!.GetValue<string>()}");
        read.ShouldBe(HttpStatusCode.OK);
        stored!["name"]!.GetValue<string>().ShouldBe("waits for the lock");
    }

    [Theory]
    [InlineData(5, true)]   // SQLITE_BUSY
    [InlineData(6, true)]   // SQLITE_LOCKED
    [InlineData(19, false)] // SQLITE_CONSTRAINT: the request's own fault, not a wait
    [InlineData(11, false)] // SQLITE_CORRUPT
    public void Only_busy_and_locked_count_as_a_busy_database_however_deeply_wrapped(int sqliteCode, bool busy)
    {
        var wrapped = new DbUpdateException("saving failed", new InvalidOperationException("outer", new SqliteException("sqlite said no", sqliteCode)));
        ProblemResponses.IsDatabaseBusy(wrapped).ShouldBe(busy);
        Features.Host.Jobs.TransientFailures.IsTransient(wrapped).ShouldBe(busy);
    }
}
