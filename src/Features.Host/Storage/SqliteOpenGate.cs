using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Features.Host.Storage;

/// <summary>
/// Opens SQLite connections one at a time within the process. Microsoft.Data.Sqlite 10.0.x can lend one pooled
/// native handle to two connections opened at the same moment (dotnet/efcore#39008, fixed upstream by #39009, not in
/// the 10.0 packages): activation marks a handle active before recording its owner, outside the pool's lock, and a
/// concurrent open that finds the pool empty reclaims that "ownerless" handle as leaked and hands it out again. Two
/// requests then share one SQLite connection and the second BEGIN fails with "cannot start a transaction within a
/// transaction". With opens serialised no open can observe another one half-done. An open of a pooled connection
/// takes microseconds, so the gate costs nothing measurable; every open goes through EF Core so it passes here.
/// Remove it once the Microsoft.Data.Sqlite in use contains the upstream fix.
/// </summary>
public sealed class SqliteOpenGate : DbConnectionInterceptor
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Gate.Wait();
        return result;
    }

    public override async ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken);
        return result;
    }

    // EF Core reports every open that passed ConnectionOpening as either opened or failed, so the gate is always released.
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Gate.Release();

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Gate.Release();
        return Task.CompletedTask;
    }

    public override void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) => Gate.Release();

    public override Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Gate.Release();
        return Task.CompletedTask;
    }
}
