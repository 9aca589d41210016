using System.Data.Common;

namespace Features.Host.MarketData;

/// <summary>
/// Upserts sorted batches into a series' chunks inside the caller's transaction. Each existing chunk owns the
/// time from its first bar to the next chunk's first bar (the series' first chunk also owns all time before
/// it); incoming bars are merged into the chunk whose territory they fall in, and only chunks that receive
/// bars are rewritten, so chunks never overlap and a revision of one bar rewrites one chunk.
/// </summary>
internal sealed class ChunkWriter(DbConnection connection, DbTransaction tx, int seriesId) : IAsyncDisposable
{
    // One prepared insert for every chunk, and one buffer for every full chunk (most of them): a million bars
    // are 245 inserts, which otherwise built a command and a 192 KiB array each.
    private DbCommand? _insert;
    private byte[]? _fullChunk;

    // Only an upsert into existing chunks needs these: a new series (a first upload) allocates none of them.
    private BarBlock? _existing;
    private byte[]? _buffer;
    private BarBlock? _merged;

    private readonly record struct Territory(long First, long Last, int Count);

    public async Task<BarChunks.MergeCounts> UpsertAsync(BarBlock batch, CancellationToken ct)
    {
        var min = batch.Timestamp[0];
        var max = batch.Timestamp[batch.Count - 1];
        var territories = new List<Territory>();
        await using (var command = Command(
                         "SELECT first_ts, last_ts, bar_count FROM bar_chunks WHERE series_id = @s AND first_ts <= @max AND " +
                         "first_ts >= COALESCE((SELECT MAX(first_ts) FROM bar_chunks WHERE series_id = @s AND first_ts <= @min), @min) ORDER BY first_ts",
                         ("@s", seriesId), ("@min", min), ("@max", max)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) territories.Add(new Territory(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2)));
        }
        long? nextFirst;
        await using (var command = Command("SELECT MIN(first_ts) FROM bar_chunks WHERE series_id = @s AND first_ts > @max", ("@s", seriesId), ("@max", max)))
        {
            var value = await command.ExecuteScalarAsync(ct);
            nextFirst = value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        }

        // An append after a full last chunk (each batch of a long sorted upload): merging would rewrite that chunk
        // as it is, then lay the new bars out after it exactly as writing them alone does.
        if (territories is [{ Count: BarChunks.MaxBars } full] && full.Last < min && nextFirst is null) territories.Clear();

        if (territories.Count == 0)
        {
            await WriteAsync(batch, 0, batch.Count, packFull: nextFirst is null, ct);
            return new BarChunks.MergeCounts(batch.Count, 0, 0);
        }

        var counts = new BarChunks.MergeCounts();
        var j = 0;
        for (var k = 0; k < territories.Count && j < batch.Count; k++)
        {
            var territory = territories[k];
            var end = k + 1 < territories.Count ? batch.LowerBound(territories[k + 1].First) : batch.Count;
            if (end <= j) continue;
            var existing = await LoadAsync(territory, ct);
            var size = existing.Count + end - j;
            if (_merged is null || _merged.Capacity < size) _merged = new BarBlock(Math.Max(size, 2 * (_merged?.Capacity ?? BarChunks.MaxBars)));
            counts += BarChunks.Merge(existing, batch, j, end, _merged);
            await using (var delete = Command("DELETE FROM bar_chunks WHERE series_id = @s AND first_ts = @first", ("@s", seriesId), ("@first", territory.First)))
            {
                await delete.ExecuteNonQueryAsync(ct);
            }
            // Appends fill chunks to the brim; a chunk split mid-series leaves room on both sides for later inserts.
            var atEnd = k == territories.Count - 1 && nextFirst is null;
            await WriteAsync(_merged, 0, _merged.Count, packFull: atEnd, ct);
            j = end;
        }
        return counts;
    }

    private async Task<BarBlock> LoadAsync(Territory territory, CancellationToken ct)
    {
        _existing ??= new BarBlock(BarChunks.MaxBars);
        _buffer ??= new byte[BarChunks.MaxBars * BarChunks.BytesPerBar];
        await using var command = Command("SELECT first_ts, last_ts, bar_count, data FROM bar_chunks WHERE series_id = @s AND first_ts = @first",
            ("@s", seriesId), ("@first", territory.First));
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        if (!await reader.ReadAsync(ct)) throw new InvalidOperationException($"bar chunk {seriesId}/{territory.First} vanished during an ingestion");
        BarSnapshot.ReadChunk(reader, _existing, _buffer);
        return _existing;
    }

    private async Task WriteAsync(BarBlock bars, int start, int count, bool packFull, CancellationToken ct)
    {
        var chunks = (count + BarChunks.MaxBars - 1) / BarChunks.MaxBars;
        var offset = start;
        for (var c = 0; c < chunks; c++)
        {
            var size = packFull ? Math.Min(BarChunks.MaxBars, start + count - offset) : count / chunks + (c < count % chunks ? 1 : 0);
            // A parameter's byte array is sent whole: a partial chunk gets an array of its own size.
            var data = size == BarChunks.MaxBars ? _fullChunk ??= new byte[size * BarChunks.BytesPerBar] : new byte[size * BarChunks.BytesPerBar];
            BarChunks.Encode(bars, offset, size, data);
            var insert = Insert();
            insert.Parameters[1].Value = bars.Timestamp[offset];
            insert.Parameters[2].Value = bars.Timestamp[offset + size - 1];
            insert.Parameters[3].Value = size;
            insert.Parameters[4].Value = data;
            await insert.ExecuteNonQueryAsync(ct);
            offset += size;
        }
    }

    private DbCommand Insert()
    {
        if (_insert is not null) return _insert;
        _insert = Command("INSERT INTO bar_chunks (series_id, first_ts, last_ts, bar_count, data) VALUES (@s, @first, @last, @n, @data)",
            ("@s", seriesId), ("@first", 0L), ("@last", 0L), ("@n", 0), ("@data", Array.Empty<byte>()));
        return _insert;
    }

    public ValueTask DisposeAsync() => _insert?.DisposeAsync() ?? ValueTask.CompletedTask;

    private DbCommand Command(string sql, params (string Name, object Value)[] parameters) => BarStore.Command(connection, tx, sql, parameters);
}
