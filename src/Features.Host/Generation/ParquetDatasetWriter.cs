using Apache.Arrow;
using Apache.Arrow.Types;
using Features.PluginSdk;

namespace Features.Host.Generation;

/// <summary>
/// Streams output rows into a Parquet file through ParquetSharp's Arrow writer: <c>timestamp</c>
/// (µs, UTC) first, then the plugin's columns, nullable. Rows are appended batch by batch and flushed
/// into row groups of at most <see cref="RowGroupRows"/>; nothing holds the whole series.
/// </summary>
public sealed class ParquetDatasetWriter : IDisposable
{
    /// <summary>
    /// 128 Ki rows: DuckDB and polars parallelise a scan by row group and DuckDB writes ~122 Ki-row groups
    /// itself, so a million-bar series gives 8 groups to spread over cores (1 Mi rows would be one); pandas
    /// (pyarrow) reads whole files either way, and a group of timestamp + a few float64 columns stays a few MB.
    /// Two 64 Ki-row kernel batches fill a group exactly.
    /// </summary>
    public const int RowGroupRows = 1 << 17;

    /// <summary>
    /// Zstd (Arrow's default level): by docs/BENCHMARKS.md the smallest file of the codecs measured (-16% against
    /// none, -11% against snappy on indicator output), and its write speed is far from the generation bottleneck.
    /// </summary>
    public const ParquetSharp.Compression Codec = ParquetSharp.Compression.Zstd;
    public const int PreviewRows = 10;

    private readonly HashingFileStream _file;
    private readonly ParquetSharp.Arrow.FileWriter _writer;
    private readonly Schema _schema;
    private readonly IReadOnlyList<OutputColumn> _outputs;
    private readonly List<Dictionary<string, object?>> _preview = [];
    private bool _closed;

    /// <param name="keepInMemoryUpTo">A file up to this many bytes is kept in memory (<see cref="Bytes"/>) and never created.</param>
    public ParquetDatasetWriter(string path, IReadOnlyList<OutputColumn> outputs, IReadOnlyDictionary<string, string> metadata, bool md5 = false, int keepInMemoryUpTo = 0)
    {
        _outputs = outputs;
        var builder = new Schema.Builder().Field(f => f.Name("timestamp").DataType(BarSchema.TimestampType).Nullable(false));
        foreach (var field in OutputSchema.For(outputs).FieldsList) builder.Field(field);
        foreach (var (key, value) in metadata) builder.Metadata(key, value);
        _schema = builder.Build();

        var properties = ParquetWriterSetup.Properties(RowGroupRows, _schema);
        _file = new HashingFileStream(path, md5, keepInMemoryUpTo);
        try
        {
            _writer = new ParquetSharp.Arrow.FileWriter(_file, _schema, properties, ParquetWriterSetup.ArrowProperties, leaveOpen: true);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    public long Rows { get; private set; }

    public IReadOnlyList<string> Columns => [.. _schema.FieldsList.Select(f => f.Name)];

    /// <summary>The first rows as JSON-ready objects.</summary>
    public IReadOnlyList<Dictionary<string, object?>> Preview => _preview;

    /// <summary>Appends <paramref name="count"/> rows: timestamps[0..count) with rows [offset, offset+count) of <paramref name="output"/>.</summary>
    public void Append(long[] timestamps, int count, RecordBatch output, int offset)
    {
        if (count == 0) return;
        var arrays = new IArrowArray[_outputs.Count + 1];
        // Borrowed, not copied: the writer has encoded the batch when WriteBufferedRecordBatch returns.
        arrays[0] = new TimestampArray(BarSchema.TimestampType, ArrayBytes<long>.Buffer(timestamps, count), ArrowBuffer.Empty, count, 0, 0);
        for (var c = 0; c < _outputs.Count; c++)
        {
            var column = output.Column(c);
            arrays[c + 1] = offset == 0 && count == column.Length ? column : ArrowArrayFactory.Slice(column, offset, count);
        }
        using var batch = new RecordBatch(_schema, arrays, count);
        CapturePreview(timestamps, count, arrays);
        _writer.WriteBufferedRecordBatch(batch);
        Rows += count;
    }

    private void CapturePreview(long[] timestamps, int count, IArrowArray[] arrays)
    {
        for (var i = 0; i < count && _preview.Count < PreviewRows; i++)
        {
            var row = new Dictionary<string, object?>
            {
                ["timestamp"] = DateTime.UnixEpoch.AddTicks(timestamps[i] * 10).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            };
            for (var c = 0; c < _outputs.Count; c++) row[_outputs[c].Name] = ValueAt(arrays[c + 1], i);
            _preview.Add(row);
        }
    }

    public static object? ValueAt(IArrowArray array, int i) => array.IsNull(i) ? null : array switch
    {
        DoubleArray d => d.GetValue(i),
        BooleanArray b => b.GetValue(i),
        Int32Array n => n.GetValue(i),
        StringArray s => s.GetString(i),
        _ => null,
    };

    /// <summary>The finished file's SHA-256 (lower-case hex), taken while it was written; set by <see cref="Close"/>.</summary>
    public string? Sha256 { get; private set; }

    /// <summary>The finished file's MD5 (lower-case hex) when asked for; set by <see cref="Close"/>.</summary>
    public string? Md5 { get; private set; }

    /// <summary>The finished file's size in bytes; set by <see cref="Close"/>.</summary>
    public long SizeBytes { get; private set; }

    /// <summary>The finished file's bytes when it was small enough to stay in memory (then no file exists); set by <see cref="Close"/>.</summary>
    public DatasetBytes? Bytes { get; private set; }

    /// <summary>Finishes and closes the file. Explicit, because the writer's Dispose swallows native errors.</summary>
    public void Close()
    {
        if (_closed) return;
        _closed = true;
        _writer.Close();
        _file.Flush();
        Sha256 = _file.Sha256Hex();
        Md5 = _file.Md5Hex();
        SizeBytes = _file.Length;
        if (_file.InMemory) Bytes = _file.DetachBytes();
        _file.Dispose();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }
}
