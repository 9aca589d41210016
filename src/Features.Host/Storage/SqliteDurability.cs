using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Features.Host.Storage;

/// <summary>
/// Sets SQLite's <c>synchronous</c> level on every connection the host opens (it is a per-connection setting).
/// The embedded default runs in WAL mode, where <c>NORMAL</c> (the default here) syncs the log at checkpoints
/// instead of at every commit: a process crash or SIGKILL loses nothing committed and never corrupts the file;
/// only a power loss or an OS crash may roll back the last commits (an upload to repeat, a dataset to recompute;
/// objects are still flushed before their rows, so no row ever names a missing object). <c>FULL</c> syncs at
/// every commit: about 8 ms each on this machine, which made a commit per uploaded symbol or per generated
/// dataset the slowest part of ingesting or computing a universe (docs/BENCHMARKS.md, "Universe").
/// Every connection also waits for a busy database inside SQLite's own busy handler (<c>busy_timeout</c>), which
/// retries as soon as the writer lets go. Without it Microsoft.Data.Sqlite answers SQLITE_BUSY by sleeping 150 ms
/// and retrying, so a job's parallel workers queued behind one another's commits in 150 ms steps and the machine
/// sat idle for a quarter of a universe job (docs/BENCHMARKS.md, "Job path").
/// Temporary files stay in memory (<c>temp_store=MEMORY</c>): a multi-row statement inside a transaction keeps a
/// statement journal of the pages it changes, and past 64 KiB SQLite spilled it to a new file under /var/tmp, 982
/// files and 165 MB of writes per universe job (docs/BENCHMARKS.md, "The job path, session 22"). Temporary files hold
/// nothing a crash needs, so durability is unchanged.
/// </summary>
public sealed class SqliteDurability(string level) : DbConnectionInterceptor
{
    public static readonly string[] Levels = ["normal", "full"];

    /// <summary>How long a statement waits for another connection's write lock before SQLite reports busy.</summary>
    public const int BusyTimeoutMilliseconds = 30_000;

    private readonly string _pragma = $"PRAGMA synchronous={level.ToUpperInvariant()}; PRAGMA busy_timeout={BusyTimeoutMilliseconds}; PRAGMA temp_store=MEMORY;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
