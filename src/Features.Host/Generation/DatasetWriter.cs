using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Apache.Arrow;
using Features.PluginSdk;

namespace Features.Host.Generation;

/// <summary>Where one kernel's dataset goes: a local temp file, its output columns and the file metadata (the hash inputs).</summary>
public sealed record DatasetFile(string Path, IReadOnlyList<OutputColumn> Outputs, IReadOnlyDictionary<string, string> Metadata);

/// <summary>A finished Parquet file: what it holds, its SHA-256 and size, and the time spent writing and hashing it.</summary>
public sealed record WrittenDataset
{
    public required string Path { get; init; }
    public required long Rows { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }
    public required string PreviewJson { get; init; }
    public required string Sha256 { get; init; }
    public required long SizeBytes { get; init; }
    /// <summary>Time inside Append and Close (Arrow -> Parquet).</summary>
    public required TimeSpan Writing { get; init; }
    public required TimeSpan Hashing { get; init; }
}

/// <summary>
/// One kernel's output rows into a Parquet temp file (<see cref="ParquetDatasetWriter"/> does the Arrow -> Parquet
/// encoding), then the file's SHA-256 and size, which the object store and the dataset row record. Its <c>write</c>
/// span runs from open to hashed; the time inside Append and Close is summed as the span's busy time.
/// </summary>
public sealed class DatasetWriter : IDisposable
{
    private readonly DatasetFile _file;
    private readonly ParquetDatasetWriter _writer;
    private readonly Stage _stage;
    private BusyTime _busy;

    public DatasetWriter(DatasetFile file, ActivityContext parent = default)
    {
        _file = file;
        _stage = GenerationTelemetry.Start("write", parent);
        try
        {
            _writer = new ParquetDatasetWriter(file.Path, file.Outputs, file.Metadata);
        }
        catch
        {
            _stage.Dispose();
            throw;
        }
    }

    /// <summary>Appends <paramref name="count"/> rows: timestamps[0..count) with rows [offset, offset+count) of <paramref name="output"/>.</summary>
    public void Append(long[] timestamps, int count, RecordBatch output, int offset)
    {
        var started = BusyTime.Now;
        _writer.Append(timestamps, count, output, offset);
        _busy.Add(started);
    }

    /// <summary>Closes the file (explicitly: the native writer's Dispose swallows errors), then hashes it.</summary>
    public async Task<WrittenDataset> FinishAsync()
    {
        var started = BusyTime.Now;
        _writer.Close();
        _busy.Add(started);
        var hashing = BusyTime.Now;
        string sha256;
        long size;
        await using (var stream = File.OpenRead(_file.Path))
        {
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
            size = stream.Length;
        }
        var written = new WrittenDataset
        {
            Path = _file.Path, Rows = _writer.Rows, Columns = _writer.Columns, PreviewJson = JsonSerializer.Serialize(_writer.Preview),
            Sha256 = sha256, SizeBytes = size, Writing = _busy.Elapsed, Hashing = Stopwatch.GetElapsedTime(hashing),
        };
        _stage.Tag("features.rows", written.Rows).Tag("features.bytes", size).Tag("features.busy_ms", _busy.Milliseconds).Dispose();
        return written;
    }

    public void Dispose()
    {
        _writer.Dispose();
        _stage.Dispose();
    }
}
