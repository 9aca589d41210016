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
public sealed class BarStore(IDbContextFactory<FeaturesDbContext> contexts, SqliteCheckpoints checkpoints)
{
    private long _barsRead;

    /// <summary>Bars this host has read out of the store (tests use it to prove a cached generate reads none).</summary>
    internal long BarsRead => Interlocked.Read(ref _barsRead);

    internal void CountRead(int bars) => Interlocked.Add(ref _barsRead, bars);

    public async Task<IReadOnlyList<BarSeries>> ListAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Series.AsNoTracking().Where(s => s.BarCount > 0).OrderBy(s => s.Symbol).ThenBy(s => s.Timeframe).ToListAsync(ct);
    }

    /// <summary>Upserts bars (sorted, validated) into one series in one transaction: all or nothing.</summary>
    public Task<IngestResult> IngestAsync(string symbol, string timeframe, Bar[] bars, CancellationToken ct)
    {
        var batcher = new UploadBatcher(int.MaxValue);
        return IngestAsync(symbol, timeframe, Batches(bars, batcher), ct);
    }

    private static IEnumerable<BarBlock> Batches(Bar[] bars, UploadBatcher batcher)
    {
        for (var i = 0; i < bars.Length; i++)
        {
            var b = bars[i];
            if (batcher.Add(b.Timestamp, b.Open, b.High, b.Low, b.Close, b.Volume, i + 1) is { } full) yield return full;
        }
        if (batcher.Finish("no bars") is { } last) yield return last;
    }

    /// <summary>
    /// Upserts batches (each sorted, with no timestamp twice in the whole sequence) into one series, in one
    /// transaction: whatever the batches throw midway (a bad line at the end of a file), nothing is written.
    /// </summary>
    public Task<IngestResult> IngestAsync(string symbol, string timeframe, IEnumerable<BarBlock> batches, CancellationToken ct) =>
        IngestAsync(symbol, timeframe, _ => batches, ct);

    /// <summary>
    /// As above, with the batches read on a thread of their own while the ones before are written (parsing and
    /// writing overlap); <paramref name="read"/> gets a token cancelled when the write gives up, for a source that
    /// waits on a request body.
    /// </summary>
    public async Task<IngestResult> IngestAsync(string symbol, string timeframe, Func<CancellationToken, IEnumerable<BarBlock>> read, CancellationToken ct)
    {
        await using var batches = BatchPipeline.Start(read, ct);
        // The first batch is parsed before the write lock is taken: an upload that fits in one batch (a symbol's
        // daily history) holds the lock only to write, so concurrent uploads parse side by side.
        var batch = await batches.NextAsync(ct);

        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Database.OpenConnectionAsync(ct); // through EF Core, so SqliteOpenGate sees it
        var connection = db.Database.GetDbConnection();
        // SQLite: BEGIN IMMEDIATE, one writer at a time. PostgreSQL: the series row is locked below.
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var checkpoint = await checkpoints.DeferAsync(connection, ct);

        var seriesId = await EnsureSeriesAsync(connection, tx, symbol, timeframe, ct);
        await using var chunks = new ChunkWriter(connection, tx, seriesId);
        var counts = new BarChunks.MergeCounts();
        var received = 0;
        for (; batch is not null; batch = await batches.NextAsync(ct))
        {
            received += batch.Count;
            counts += await chunks.UpsertAsync(batch, ct);
        }

        var changed = counts.Inserted + counts.Updated > 0;
        var now = StorageClock.UtcNow;
        BarSeries series;
        await using (var update = Command(connection, tx,
                         "UPDATE bar_series SET bar_count = (SELECT COALESCE(SUM(bar_count), 0) FROM bar_chunks WHERE series_id = @s), " +
                         "first_ts = (SELECT MIN(first_ts) FROM bar_chunks WHERE series_id = @s), last_ts = (SELECT MAX(last_ts) FROM bar_chunks WHERE series_id = @s), " +
                         "revision = revision + @changed, updated_at = @now WHERE id = @s RETURNING bar_count, first_ts, last_ts, revision",
                         ("@s", seriesId), ("@changed", changed ? 1 : 0), ("@now", now)))
        await using (var row = await update.ExecuteReaderAsync(ct))
        {
            // Read back here rather than through an EF Core query after the commit: the same row, no query to compile.
            if (!await row.ReadAsync(ct)) throw new InvalidOperationException($"bar series {seriesId} vanished during an ingestion");
            series = new BarSeries
            {
                Id = seriesId,
                Symbol = symbol,
                Timeframe = timeframe,
                BarCount = row.GetInt64(0),
                FirstTimestamp = row.IsDBNull(1) ? null : row.GetInt64(1),
                LastTimestamp = row.IsDBNull(2) ? null : row.GetInt64(2),
                Revision = row.GetInt64(3),
                UpdatedAt = now,
            };
        }
        // Plans of older revisions can never be asked for again.
        if (changed) await ExecuteAsync(connection, tx, "DELETE FROM plan_facts WHERE series_id = @s", ct, ("@s", seriesId));
        await tx.CommitAsync(ct);
        return new IngestResult(series, received, counts.Inserted, counts.Updated, counts.Unchanged);
    }

    /// <summary>
    /// Moves the bars of a store created when the bar store held one row per bar (table <c>legacy_bars</c>, renamed
    /// by the upgrade) into chunks, then drops that table, in one transaction. Returns how many bars moved.
    /// </summary>
    internal static async Task<long> RepackLegacyBarsAsync(FeaturesDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct); // through EF Core, so SqliteOpenGate sees it
        var exists = connection is Npgsql.NpgsqlConnection
            ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'legacy_bars'"
            : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'legacy_bars'";
        if (await ScalarAsync<long>(connection, null, exists, ct) == 0) return 0;

        await using var tx = await connection.BeginTransactionAsync(ct);
        var series = new List<int>();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = tx;
            command.CommandText = "SELECT DISTINCT series_id FROM legacy_bars";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) series.Add(reader.GetInt32(0));
        }
        long moved = 0;
        foreach (var seriesId in series)
        {
            await using var writer = new ChunkWriter(connection, tx, seriesId);
            var block = new BarBlock(UploadBatcher.DefaultBatchSize);
            long after = long.MinValue;
            while (true)
            {
                block.Count = 0;
                await using (var command = connection.CreateCommand())
                {
                    command.Transaction = tx;
                    command.CommandText = "SELECT ts, open, high, low, close, volume FROM legacy_bars WHERE series_id = @s AND ts > @after ORDER BY ts LIMIT @n";
                    Add(command, "@s", seriesId);
                    Add(command, "@after", after);
                    Add(command, "@n", block.Capacity);
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        block.Add(reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5));
                    }
                }
                if (block.Count == 0) break;
                await writer.UpsertAsync(block, ct);
                moved += block.Count;
                after = block.Timestamp[block.Count - 1];
            }
        }
        await ExecuteAsync(connection, tx, "DROP TABLE legacy_bars", ct);
        await tx.CommitAsync(ct);
        return moved;
    }

    private static async Task<int> EnsureSeriesAsync(DbConnection connection, DbTransaction tx, string symbol, string timeframe, CancellationToken ct)
    {
        await ExecuteAsync(connection, tx,
            "INSERT INTO bar_series (symbol, timeframe, bar_count, revision, updated_at) VALUES (@sym, @tf, 0, 0, @now) ON CONFLICT (symbol, timeframe) DO NOTHING",
            ct, ("@sym", symbol), ("@tf", timeframe), ("@now", StorageClock.UtcNow));
        // Chunks are read, merged and rewritten, so two writers of one series must take turns.
        var lockRow = connection is Npgsql.NpgsqlConnection ? " FOR UPDATE" : "";
        return await ScalarAsync<int>(connection, tx, "SELECT id FROM bar_series WHERE symbol = @sym AND timeframe = @tf" + lockRow, ct, ("@sym", symbol), ("@tf", timeframe));
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
            return new BarSnapshot(this, db, connection, tx);
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

    internal static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) Add(command, name, value);
        return command;
    }

    internal static async Task<T> ScalarAsync<T>(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        var result = await command.ExecuteScalarAsync(ct);
        return (T)Convert.ChangeType(result!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Where series are looked up: a snapshot, or a plain context when no bars will be read.</summary>
public interface ISeriesCatalog
{
    Task<BarSeries?> FindSeriesAsync(string symbol, string timeframe, CancellationToken ct);

    Task<IReadOnlyList<BarSeries>> SeriesOfSymbolAsync(string symbol, CancellationToken ct);

    /// <summary>The context to read other tables through in the same view (event sources: docs/EVENTS.md).</summary>
    FeaturesDbContext Context();
}

/// <summary>The series as last committed, outside any snapshot: enough to find a cached dataset.</summary>
public sealed class SeriesCatalog(FeaturesDbContext db) : ISeriesCatalog
{
    public FeaturesDbContext Context() => db;

    public Task<BarSeries?> FindSeriesAsync(string symbol, string timeframe, CancellationToken ct) => CacheQueries.For(db).Series(db, symbol, timeframe, ct);

    public async Task<IReadOnlyList<BarSeries>> SeriesOfSymbolAsync(string symbol, CancellationToken ct) =>
        await db.Series.AsNoTracking().Where(s => s.Symbol == symbol && s.BarCount > 0).ToListAsync(ct);
}

/// <summary>
/// Remembers another catalog's answers: every feature of a symbol asks for the same series, and within one recall or
/// one snapshot the answer cannot change.
/// </summary>
public sealed class RememberingCatalog(ISeriesCatalog inner) : ISeriesCatalog
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), BarSeries?> _series = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<BarSeries>> _bySymbol = new();

    public FeaturesDbContext Context() => inner.Context();

    public async Task<BarSeries?> FindSeriesAsync(string symbol, string timeframe, CancellationToken ct)
    {
        if (!_series.TryGetValue((symbol, timeframe), out var series)) _series[(symbol, timeframe)] = series = await inner.FindSeriesAsync(symbol, timeframe, ct);
        return series;
    }

    public async Task<IReadOnlyList<BarSeries>> SeriesOfSymbolAsync(string symbol, CancellationToken ct)
    {
        if (!_bySymbol.TryGetValue(symbol, out var all)) _bySymbol[symbol] = all = await inner.SeriesOfSymbolAsync(symbol, ct);
        return all;
    }
}

/// <summary>A read transaction over the bar store; see <see cref="BarStore.OpenSnapshotAsync"/>.</summary>
public sealed class BarSnapshot(BarStore store, FeaturesDbContext db, DbConnection connection, DbTransaction tx) : IAsyncDisposable, ISeriesCatalog
{
    // A job plans every feature of a symbol in one snapshot, each asking for the same series.
    private readonly RememberingCatalog _catalog = new(new SeriesCatalog(db));

    /// <summary>The snapshot's context, its transaction in use: queries through it see the snapshot's committed state.</summary>
    public FeaturesDbContext Context()
    {
        db.Database.UseTransaction(tx);
        return db;
    }

    // The catalog's lookups, inside this snapshot's transaction.
    public Task<BarSeries?> FindSeriesAsync(string symbol, string timeframe, CancellationToken ct)
    {
        db.Database.UseTransaction(tx);
        return _catalog.FindSeriesAsync(symbol, timeframe, ct);
    }

    public Task<IReadOnlyList<BarSeries>> SeriesOfSymbolAsync(string symbol, CancellationToken ct)
    {
        db.Database.UseTransaction(tx);
        return _catalog.SeriesOfSymbolAsync(symbol, ct);
    }

    /// <summary>The timestamp of the bar <paramref name="warmupBars"/> bars before <paramref name="start"/> (or the first bar, if fewer exist).</summary>
    public async Task<long> WarmupStartAsync(int seriesId, long start, int warmupBars, CancellationToken ct)
    {
        if (warmupBars <= 0) return start;
        // Walk back chunk by chunk; only a chunk that straddles start or holds the answer is decoded.
        var chunks = new List<ChunkInfo>();
        var all = await ChunksAsync(seriesId, ct);
        // Bars of a chunk straddling start may lie after it, so they do not count as available.
        long available = 0;
        for (var c = FirstAtOrAfter(all, start) - 1; c >= 0 && available < warmupBars; c--)
        {
            chunks.Add(all[c]);
            if (all[c].Last < start) available += all[c].Count;
        }
        if (chunks.Count == 0) return start;
        var remaining = warmupBars;
        foreach (var chunk in chunks)
        {
            var before = chunk.Count;
            BarBlock? bars = null;
            if (chunk.Last >= start)
            {
                bars = await LoadAsync(seriesId, chunk, ct);
                before = bars.LowerBound(start);
            }
            if (remaining <= before)
            {
                bars ??= await LoadAsync(seriesId, chunk, ct);
                return bars.Timestamp[before - remaining];
            }
            remaining -= before;
        }
        return chunks[^1].First;
    }

    public async Task<long> CountAsync(int seriesId, long from, long to, CancellationToken ct)
    {
        long count = 0;
        foreach (var chunk in await OverlappingAsync(seriesId, from, to, ct))
        {
            if (chunk.First >= from && chunk.Last < to)
            {
                count += chunk.Count;
                continue;
            }
            var bars = await LoadAsync(seriesId, chunk, ct);
            count += bars.LowerBound(to) - bars.LowerBound(from);
        }
        return count;
    }

    /// <summary>
    /// Streams the bars of [from, to) in time order, in blocks of at most <paramref name="blockSize"/>. The block
    /// is reused: each one is valid until the next is requested.
    /// </summary>
    public async IAsyncEnumerable<BarBlock> ReadAsync(int seriesId, long from, long to, int blockSize, [EnumeratorCancellation] CancellationToken ct)
    {
        // Grows to blockSize only when the range is that long (see BarBlock.EnsureCapacity).
        var block = blockSize < BarChunks.MaxBars ? new BarBlock(blockSize) : RentChunkBlock();
        try
        {
            await foreach (var chunk in DecodedChunksAsync(seriesId, from, to, ct))
            {
                var i = chunk.LowerBound(from);
                var end = chunk.LowerBound(to);
                while (i < end)
                {
                    if (block.Count == block.Capacity) block.EnsureCapacity(block.NextCapacity(blockSize));
                    var n = Math.Min(end - i, Math.Min(blockSize, block.Capacity) - block.Count);
                    block.AddRange(chunk, i, n);
                    i += n;
                    if (block.Count == blockSize)
                    {
                        yield return block;
                        block.Count = 0;
                    }
                }
            }
            if (block.Count > 0) yield return block;
        }
        finally
        {
            ReturnChunkBlock(block);
        }
    }

    // Blocks of one chunk's size (read blocks, streamed chunks), shared by the process's snapshots: a job opens one per
    // symbol and reads it twice (fingerprint and kernels), and six arrays per read were a large share of its
    // allocations. Grown blocks (long series) are not kept.
    private static readonly System.Collections.Concurrent.ConcurrentQueue<BarBlock> ChunkBlocks = new();
    private const int ChunkBlocksKept = 16;

    private static BarBlock RentChunkBlock()
    {
        if (!ChunkBlocks.TryDequeue(out var block)) return new BarBlock(BarChunks.MaxBars);
        block.Count = 0;
        return block;
    }

    private static void ReturnChunkBlock(BarBlock block)
    {
        if (block.Capacity == BarChunks.MaxBars && ChunkBlocks.Count < ChunkBlocksKept) ChunkBlocks.Enqueue(block);
    }

    // A chunk's encoded bytes (196 KB, a large-object allocation that forces full collections when made per symbol).
    private static byte[] RentChunkBytes() => System.Buffers.ArrayPool<byte>.Shared.Rent(BarChunks.MaxBars * BarChunks.BytesPerBar);

    private static void ReturnChunkBytes(byte[] bytes) => System.Buffers.ArrayPool<byte>.Shared.Return(bytes);

    /// <summary>
    /// The chunks that may hold bars of [from, to), decoded, in time order; each valid until the next is requested.
    /// A range of few chunks (a daily series) is kept decoded for the snapshot: planning's fingerprint pass reads a
    /// symbol's bars and its kernel pass reads them again, and a snapshot's chunks cannot change under it. A longer
    /// range streams through one reused buffer, so memory does not grow with the series.
    /// </summary>
    private async IAsyncEnumerable<BarBlock> DecodedChunksAsync(int seriesId, long from, long to, [EnumeratorCancellation] CancellationToken ct)
    {
        var extents = await OverlappingAsync(seriesId, from, to, ct);
        var keep = extents.Count <= ReadChunksKept;
        if (keep)
        {
            var held = new List<BarBlock>(extents.Count);
            foreach (var extent in extents)
            {
                if (!_decoded.TryGetValue((seriesId, extent.First), out var bars)) break;
                held.Add(bars);
            }
            if (held.Count == extents.Count)
            {
                foreach (var bars in held) yield return bars;
                yield break;
            }
        }
        await using var command = Command("SELECT first_ts, last_ts, bar_count, data FROM bar_chunks WHERE series_id = @s AND " + Overlapping + " ORDER BY first_ts",
            ("@s", seriesId), ("@from", from), ("@to", to));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        var (chunk, buffer) = (RentChunkBlock(), RentChunkBytes());
        try
        {
            while (await reader.ReadAsync(ct))
            {
                var first = ReadChunk(reader, chunk, buffer);
                store.CountRead(chunk.Count);
                if (!keep)
                {
                    yield return chunk;
                    continue;
                }
                // A kept chunk gets its own arrays, sized to it (small-object heap); a streamed one reuses the buffer.
                var kept = new BarBlock(chunk.Count);
                kept.AddRange(chunk, 0, chunk.Count);
                Keep(seriesId, first, kept);
                yield return kept;
            }
        }
        finally
        {
            ReturnChunkBlock(chunk);
            ReturnChunkBytes(buffer);
        }
    }

    /// <summary>Chunks that may hold bars of [@from, @to): those starting before @to, from the one holding @from on.</summary>
    private const string Overlapping =
        "first_ts < @to AND last_ts >= @from AND first_ts >= COALESCE((SELECT MAX(first_ts) FROM bar_chunks WHERE series_id = @s AND first_ts <= @from), @from)";

    private readonly record struct ChunkInfo(long First, long Last, int Count);

    /// <summary>Chunks that may hold bars of [from, to), as <see cref="Overlapping"/> selects them, from the series' chunk list.</summary>
    private async Task<List<ChunkInfo>> OverlappingAsync(int seriesId, long from, long to, CancellationToken ct)
    {
        var all = await ChunksAsync(seriesId, ct);
        // From the chunk holding `from` (the last starting at or before it), or the first starting after it.
        var c = Math.Max(0, FirstAtOrAfter(all, from + 1) - 1);
        var chunks = new List<ChunkInfo>();
        for (; c < all.Length && all[c].First < to; c++)
        {
            if (all[c].Last >= from) chunks.Add(all[c]);
        }
        return chunks;
    }

    // Every chunk's extent by series, read once per snapshot: the plans of a job's symbol count bars and find warm-up
    // starts over the same few chunks many times, and a snapshot's chunks cannot change under it.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, ChunkInfo[]> _chunks = new();

    private async Task<ChunkInfo[]> ChunksAsync(int seriesId, CancellationToken ct)
    {
        if (_chunks.TryGetValue(seriesId, out var held)) return held;
        var chunks = new List<ChunkInfo>();
        await using var command = Command("SELECT first_ts, last_ts, bar_count FROM bar_chunks WHERE series_id = @s ORDER BY first_ts", ("@s", seriesId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) chunks.Add(new ChunkInfo(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2)));
        return _chunks[seriesId] = [.. chunks];
    }

    /// <summary>Index of the first chunk starting at or after <paramref name="timestamp"/> (chunks ordered by start).</summary>
    private static int FirstAtOrAfter(ChunkInfo[] chunks, long timestamp)
    {
        int lo = 0, hi = chunks.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (chunks[mid].First < timestamp) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private async Task<BarBlock> LoadAsync(int seriesId, ChunkInfo chunk, CancellationToken ct)
    {
        if (_decoded.TryGetValue((seriesId, chunk.First), out var held)) return held;
        await using var command = Command("SELECT first_ts, last_ts, bar_count, data FROM bar_chunks WHERE series_id = @s AND first_ts = @first",
            ("@s", seriesId), ("@first", chunk.First));
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        if (!await reader.ReadAsync(ct)) throw new InvalidOperationException($"bar chunk {seriesId}/{chunk.First} vanished inside a snapshot");
        var bars = new BarBlock(BarChunks.MaxBars);
        var buffer = RentChunkBytes();
        try
        {
            ReadChunk(reader, bars, buffer);
        }
        finally
        {
            ReturnChunkBytes(buffer);
        }
        store.CountRead(bars.Count);
        Keep(seriesId, chunk.First, bars);
        return bars;
    }

    private void Keep(int seriesId, long first, BarBlock bars)
    {
        if (_decoded.Count >= DecodedChunksKept) _decoded.Clear();
        _decoded[(seriesId, first)] = bars;
    }

    // Chunks decoded for counts, warm-up starts and short reads: the plans of a job's symbol ask about the same boundary
    // chunks, its passes read the same bars, and a snapshot's chunks cannot change under it. At most 32 chunks of 4,096
    // bars (6 MB) per snapshot; a read of more than half that many streams instead.
    private const int DecodedChunksKept = 32;
    private const int ReadChunksKept = DecodedChunksKept / 2;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int SeriesId, long First), BarBlock> _decoded = new();

    /// <summary>Decodes the current row (first_ts, last_ts, bar_count, data) into <paramref name="target"/>; returns its first_ts.</summary>
    internal static long ReadChunk(DbDataReader reader, BarBlock target, byte[] buffer)
    {
        // Columns in order: the reader may be sequential.
        var first = reader.GetInt64(0);
        var count = reader.GetInt32(2);
        var length = count * BarChunks.BytesPerBar;
        if (count > BarChunks.MaxBars || reader.GetBytes(3, 0, buffer, 0, length) != length)
        {
            throw new InvalidDataException($"bar chunk at {BarTime.Format(first)} does not hold the {count} bars it records");
        }
        BarChunks.Decode(buffer.AsSpan(0, length), count, target);
        return first;
    }

    private DbCommand Command(string sql, params (string Name, object Value)[] parameters) => BarStore.Command(connection, tx, sql, parameters);

    public async ValueTask DisposeAsync()
    {
        await tx.DisposeAsync();
        await db.DisposeAsync();
    }
}
