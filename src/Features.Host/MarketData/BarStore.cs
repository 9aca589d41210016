using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Features.Host.Storage;
using Features.Host.Storage.Entities;
using Features.PluginSdk;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Features.Host.MarketData;

/// <summary>What an ingestion did.</summary>
public sealed record IngestResult(BarSeries Series, int Received, int Inserted, int Updated, int Unchanged);

/// <summary>
/// The project's own bar store: one row per bar, upserted by timestamp. Bulk paths use plain ADO.NET
/// on the context's connection (the same SQL runs on SQLite and PostgreSQL); EF Core owns the schema.
/// </summary>
public sealed class BarStore(IDbContextFactory<FeaturesDbContext> contexts)
{
    public async Task<IReadOnlyList<BarSeries>> ListAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Series.AsNoTracking().Where(s => s.BarCount > 0).OrderBy(s => s.Symbol).ThenBy(s => s.Timeframe).ToListAsync(ct);
    }

    /// <summary>Upserts bars (sorted, validated) into one series in one transaction: all or nothing.</summary>
    public async Task<IngestResult> IngestAsync(string symbol, string timeframe, Bar[] bars, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct); // through EF Core, so SqliteOpenGate sees it
        var connection = db.Database.GetDbConnection();
        await using var tx = await connection.BeginTransactionAsync(ct);

        var seriesId = await EnsureSeriesAsync(connection, tx, symbol, timeframe, ct);
        var before = await ScalarAsync<long>(connection, tx, "SELECT COUNT(*) FROM bars WHERE series_id = @s", ct, ("@s", seriesId));

        var affected = connection is Npgsql.NpgsqlConnection npgsql
            ? await CopyUpsertAsync(npgsql, tx, seriesId, bars, ct)
            : await PreparedUpsertAsync(connection, tx, seriesId, bars, ct);

        var after = await ScalarAsync<long>(connection, tx, "SELECT COUNT(*) FROM bars WHERE series_id = @s", ct, ("@s", seriesId));
        var inserted = (int)(after - before);
        var updated = affected - inserted;
        await ExecuteAsync(connection, tx,
            "UPDATE bar_series SET bar_count = @n, first_ts = (SELECT MIN(ts) FROM bars WHERE series_id = @s), " +
            "last_ts = (SELECT MAX(ts) FROM bars WHERE series_id = @s), revision = revision + @changed, updated_at = @now WHERE id = @s",
            ct, ("@n", after), ("@s", seriesId), ("@changed", affected > 0 ? 1 : 0), ("@now", StorageClock.UtcNow));
        await tx.CommitAsync(ct);

        var series = await db.Series.AsNoTracking().SingleAsync(s => s.Id == seriesId, ct);
        return new IngestResult(series, bars.Length, inserted, updated, bars.Length - affected);
    }

    private static async Task<int> EnsureSeriesAsync(DbConnection connection, DbTransaction tx, string symbol, string timeframe, CancellationToken ct)
    {
        await ExecuteAsync(connection, tx,
            "INSERT INTO bar_series (symbol, timeframe, bar_count, revision, updated_at) VALUES (@sym, @tf, 0, 0, @now) ON CONFLICT (symbol, timeframe) DO NOTHING",
            ct, ("@sym", symbol), ("@tf", timeframe), ("@now", StorageClock.UtcNow));
        return await ScalarAsync<int>(connection, tx, "SELECT id FROM bar_series WHERE symbol = @sym AND timeframe = @tf", ct, ("@sym", symbol), ("@tf", timeframe));
    }

    // Only rows that really change count as affected, so an identical re-upload is not a revision.
    private const string UpsertTail =
        " ON CONFLICT (series_id, ts) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low, " +
        "close = excluded.close, volume = excluded.volume WHERE bars.open <> excluded.open OR bars.high <> excluded.high " +
        "OR bars.low <> excluded.low OR bars.close <> excluded.close OR bars.volume <> excluded.volume";

    /// <summary>SQLite: one prepared statement executed per bar inside the transaction (no SQL re-parsing).</summary>
    private static async Task<int> PreparedUpsertAsync(DbConnection connection, DbTransaction tx, int seriesId, Bar[] bars, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "INSERT INTO bars (series_id, ts, open, high, low, close, volume) VALUES (@s, @t, @o, @h, @l, @c, @v)" + UpsertTail;
        Add(command, "@s", seriesId);
        var t = Parameter(command, "@t", 0L);
        var o = Parameter(command, "@o", 0.0);
        var h = Parameter(command, "@h", 0.0);
        var l = Parameter(command, "@l", 0.0);
        var c = Parameter(command, "@c", 0.0);
        var v = Parameter(command, "@v", 0.0);
        await command.PrepareAsync(ct);
        var affected = 0;
        foreach (var bar in bars)
        {
            t.Value = bar.Timestamp;
            o.Value = bar.Open;
            h.Value = bar.High;
            l.Value = bar.Low;
            c.Value = bar.Close;
            v.Value = bar.Volume;
            affected += command.ExecuteNonQuery();
        }
        return affected;
    }

    /// <summary>PostgreSQL: binary COPY into a temporary table, then one set-based upsert.</summary>
    private static async Task<int> CopyUpsertAsync(Npgsql.NpgsqlConnection connection, DbTransaction tx, int seriesId, Bar[] bars, CancellationToken ct)
    {
        await ExecuteAsync(connection, tx, "CREATE TEMP TABLE bars_in (ts bigint, open double precision, high double precision, low double precision, " +
                                           "close double precision, volume double precision) ON COMMIT DROP", ct);
        await using (var writer = await connection.BeginBinaryImportAsync("COPY bars_in (ts, open, high, low, close, volume) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var bar in bars)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(bar.Timestamp, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(bar.Open, NpgsqlTypes.NpgsqlDbType.Double, ct);
                await writer.WriteAsync(bar.High, NpgsqlTypes.NpgsqlDbType.Double, ct);
                await writer.WriteAsync(bar.Low, NpgsqlTypes.NpgsqlDbType.Double, ct);
                await writer.WriteAsync(bar.Close, NpgsqlTypes.NpgsqlDbType.Double, ct);
                await writer.WriteAsync(bar.Volume, NpgsqlTypes.NpgsqlDbType.Double, ct);
            }
            await writer.CompleteAsync(ct);
        }
        await using var command = connection.CreateCommand();
        command.Transaction = (Npgsql.NpgsqlTransaction)tx;
        command.CommandText = "INSERT INTO bars (series_id, ts, open, high, low, close, volume) SELECT @s, ts, open, high, low, close, volume FROM bars_in" + UpsertTail;
        Add(command, "@s", seriesId);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
        return p;
    }

    /// <summary>Opens a consistent read view: every read through it sees the same committed bars.</summary>
    public async Task<BarSnapshot> OpenSnapshotAsync(CancellationToken ct)
    {
        var db = await contexts.CreateDbContextAsync(ct);
        try
        {
            await db.Database.OpenConnectionAsync(ct); // through EF Core, so SqliteOpenGate sees it
            var connection = db.Database.GetDbConnection();
            // SQLite: a deferred transaction in WAL mode reads one snapshot from its first read on.
            DbTransaction tx = connection is SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: true)
                : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            return new BarSnapshot(db, connection, tx);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    internal static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    internal static async Task<T> ScalarAsync<T>(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) Add(command, name, value);
        var result = await command.ExecuteScalarAsync(ct);
        return (T)Convert.ChangeType(result!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) Add(command, name, value);
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>A block of consecutive bars, as parallel arrays.</summary>
public sealed class BarBlock(int capacity)
{
    public long[] Timestamp { get; } = new long[capacity];
    public double[] Open { get; } = new double[capacity];
    public double[] High { get; } = new double[capacity];
    public double[] Low { get; } = new double[capacity];
    public double[] Close { get; } = new double[capacity];
    public double[] Volume { get; } = new double[capacity];
    public int Count { get; set; }
}

/// <summary>A read transaction over the bar store; see <see cref="BarStore.OpenSnapshotAsync"/>.</summary>
public sealed class BarSnapshot(FeaturesDbContext db, DbConnection connection, DbTransaction tx) : IAsyncDisposable
{
    public async Task<BarSeries?> FindSeriesAsync(string symbol, string timeframe, CancellationToken ct)
    {
        db.Database.UseTransaction(tx);
        return await db.Series.AsNoTracking().SingleOrDefaultAsync(s => s.Symbol == symbol && s.Timeframe == timeframe, ct);
    }

    public async Task<IReadOnlyList<BarSeries>> SeriesOfSymbolAsync(string symbol, CancellationToken ct)
    {
        db.Database.UseTransaction(tx);
        return await db.Series.AsNoTracking().Where(s => s.Symbol == symbol && s.BarCount > 0).ToListAsync(ct);
    }

    /// <summary>The timestamp of the bar <paramref name="warmupBars"/> bars before <paramref name="start"/> (or the first bar, if fewer exist).</summary>
    public async Task<long> WarmupStartAsync(int seriesId, long start, int warmupBars, CancellationToken ct)
    {
        if (warmupBars <= 0) return start;
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT MIN(ts) FROM (SELECT ts FROM bars WHERE series_id = @s AND ts < @start ORDER BY ts DESC LIMIT @n) AS w";
        BarStore.Add(command, "@s", seriesId);
        BarStore.Add(command, "@start", start);
        BarStore.Add(command, "@n", warmupBars);
        var result = await command.ExecuteScalarAsync(ct);
        return result is null or DBNull ? start : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<long> CountAsync(int seriesId, long from, long to, CancellationToken ct) =>
        await BarStore.ScalarAsync<long>(connection, tx, "SELECT COUNT(*) FROM bars WHERE series_id = @s AND ts >= @from AND ts < @to", ct,
            ("@s", seriesId), ("@from", from), ("@to", to));

    /// <summary>Streams the bars of [from, to) in time order, in blocks of at most <paramref name="blockSize"/>.</summary>
    public async IAsyncEnumerable<BarBlock> ReadAsync(int seriesId, long from, long to, int blockSize, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT ts, open, high, low, close, volume FROM bars WHERE series_id = @s AND ts >= @from AND ts < @to ORDER BY ts";
        BarStore.Add(command, "@s", seriesId);
        BarStore.Add(command, "@from", from);
        BarStore.Add(command, "@to", to);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        var block = new BarBlock(blockSize);
        while (await reader.ReadAsync(ct))
        {
            var i = block.Count;
            block.Timestamp[i] = reader.GetInt64(0);
            block.Open[i] = reader.GetDouble(1);
            block.High[i] = reader.GetDouble(2);
            block.Low[i] = reader.GetDouble(3);
            block.Close[i] = reader.GetDouble(4);
            block.Volume[i] = reader.GetDouble(5);
            block.Count = i + 1;
            if (block.Count == blockSize)
            {
                yield return block;
                block = new BarBlock(blockSize);
            }
        }
        if (block.Count > 0) yield return block;
    }

    public async ValueTask DisposeAsync()
    {
        await tx.DisposeAsync();
        await db.DisposeAsync();
    }
}
