using System.Diagnostics;
using System.Text.Json;
using Apache.Arrow;
using Features.PluginSdk;

namespace Features.Host.Generation;

/// <summary>
/// Where one kernel's dataset goes: a local temp file, its output columns and the file metadata (the hash inputs);
/// whether to take its MD5 as it is written (for an object store that checks uploads by it); and up to what size to keep
/// it in memory instead (for an object store that uploads from memory, <see cref="Storage.Objects.IObjectStore.InMemoryUpToBytes"/>).
/// </summary>
public sealed record DatasetFile(string Path, IReadOnlyList<OutputColumn> Outputs, IReadOnlyDictionary<string, string> Metadata, bool Md5 = false, int InMemoryUpTo = 0);

/// <summary>A finished Parquet file: what it holds, its SHA-256 and size, and the time spent writing it.</summary>
public sealed record WrittenDataset
{
    /// <summary>The local file, unless <see cref="Bytes"/> holds it.</summary>
    public required string Path { get; init; }
    /// <summary>The file's bytes when they were kept in memory (no file exists then); disposed by whoever stores them.</summary>
    public DatasetBytes? Bytes { get; init; }
    public required long Rows { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }
    public required string PreviewJson { get; init; }
    public required string Sha256 { get; init; }
    /// <summary>The file's MD5 when <see cref="DatasetFile.Md5"/> asked for it.</summary>
    public string? Md5 { get; init; }
    public required long SizeBytes { get; init; }
    /// <summary>Time inside Append and Close (Arrow -> Parquet, hashing included).</summary>
    public required TimeSpan Writing { get; init; }

    /// <summary>The hash an object store may use instead of reading the file back, when it asked for one.</summary>
    public Storage.Objects.ObjectDigests? Digests => Md5 is null ? null : new(Md5);
}

/// <summary>
/// One kernel's output rows into a Parquet temp file (<see cref="ParquetDatasetWriter"/> does the Arrow -> Parquet
/// encoding) with the file's SHA-256 and size taken as it is written, which the object store and the dataset row record.
/// Its <c>write</c> span runs from open to closed; the time inside Append and Close is summed as the span's busy time.
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
            _writer = new ParquetDatasetWriter(file.Path, file.Outputs, file.Metadata, file.Md5, file.InMemoryUpTo);
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

    /// <summary>Closes the file (explicitly: the native writer's Dispose swallows errors); its hash was taken as it was written.</summary>
    public WrittenDataset Finish()
    {
        var started = BusyTime.Now;
        _writer.Close();
        _busy.Add(started);
        var written = new WrittenDataset
        {
            Path = _file.Path, Bytes = _writer.Bytes, Rows = _writer.Rows, Columns = _writer.Columns, PreviewJson = JsonSerializer.Serialize(_writer.Preview),
            Sha256 = _writer.Sha256!, Md5 = _writer.Md5, SizeBytes = _writer.SizeBytes, Writing = _busy.Elapsed,
        };
        _stage.Tag("features.rows", written.Rows).Tag("features.bytes", written.SizeBytes).Tag("features.busy_ms", _busy.Milliseconds).Dispose();
        return written;
    }

    public void Dispose()
    {
        _writer.Dispose();
        _stage.Dispose();
    }
}
