using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.Storage;

/// <summary>
/// Moves SQLite's checkpoint after a bulk write off the request's path. In WAL mode the commit that leaves the log
/// over 1,000 pages copies the whole log into the database file and syncs it, inside that commit (wal_autocheckpoint):
/// after a million-bar upload (48 MB of chunks) that was a fifth of the request. A bulk write turns the automatic
/// checkpoint off on its own connection while it runs; once it is done, the same PASSIVE checkpoint runs on a
/// connection of its own in the background. Durability is unchanged: with synchronous=NORMAL a commit is never synced,
/// only a checkpoint is, and a commit by any other connection still checkpoints as before.
/// </summary>
public sealed class SqliteCheckpoints(IDbContextFactory<FeaturesDbContext> contexts)
{
    private int _running;

    /// <summary>Turns the automatic checkpoint off on <paramref name="connection"/> until the result is disposed (a no-op off SQLite).</summary>
    public async Task<IAsyncDisposable> DeferAsync(DbConnection connection, CancellationToken ct)
    {
        if (connection is not SqliteConnection) return Nothing.Instance;
        var pages = await PragmaAsync(connection, "PRAGMA wal_autocheckpoint", ct);
        await PragmaAsync(connection, "PRAGMA wal_autocheckpoint=0", ct);
        return new Deferred(this, connection, pages);
    }

    private async Task RunAsync()
    {
        // One at a time: a checkpoint copies every committed page, so a second one queued behind it has nothing left to do.
        if (Interlocked.Exchange(ref _running, 1) == 1) return;
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync(); // through EF Core, so SqliteOpenGate sees it
            await PragmaAsync(db.Database.GetDbConnection(), "PRAGMA wal_checkpoint(PASSIVE)", CancellationToken.None);
        }
        catch (Exception e) when (e is SqliteException or ObjectDisposedException or InvalidOperationException)
        {
            // The host is stopping or the database is busy: the next commit's automatic checkpoint copies the log instead.
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private static async Task<long> PragmaAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct) is long value ? value : 0;
    }

    private sealed class Deferred(SqliteCheckpoints owner, DbConnection connection, long pages) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // The connection goes back to the pool: it must checkpoint as every other one does, or not go back at all.
            try
            {
                await PragmaAsync(connection, $"PRAGMA wal_autocheckpoint={pages}", CancellationToken.None);
            }
            catch (SqliteException)
            {
                SqliteConnection.ClearPool((SqliteConnection)connection);
                return;
            }
            _ = Task.Run(owner.RunAsync);
        }
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
