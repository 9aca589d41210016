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
    public const int RowGroupRows = 1 << 20;
    public const int PreviewRows = 10;

    private readonly ParquetSharp.Arrow.FileWriter _writer;
    private readonly Schema _schema;
    private readonly IReadOnlyList<OutputColumn> _outputs;
    private readonly List<Dictionary<string, object?>> _preview = [];
    private bool _closed;

    public ParquetDatasetWriter(string path, IReadOnlyList<OutputColumn> outputs, IReadOnlyDictionary<string, string> metadata)
    {
        _outputs = outputs;
        var builder = new Schema.Builder().Field(f => f.Name("timestamp").DataType(BarSchema.TimestampType).Nullable(false));
        foreach (var field in OutputSchema.For(outputs).FieldsList) builder.Field(field);
        foreach (var (key, value) in metadata) builder.Metadata(key, value);
        _schema = builder.Build();

        using var properties = new ParquetSharp.WriterPropertiesBuilder()
            .Compression(ParquetSharp.Compression.Snappy)
            .MaxRowGroupLength(RowGroupRows)
            .CreatedBy("Features feature store")
            .Build();
        using var arrowProperties = new ParquetSharp.Arrow.ArrowWriterPropertiesBuilder().StoreSchema().Build();
        _writer = new ParquetSharp.Arrow.FileWriter(path, _schema, properties, arrowProperties);
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
        var tsBytes = new byte[count * sizeof(long)];
        Buffer.BlockCopy(timestamps, 0, tsBytes, 0, tsBytes.Length);
        arrays[0] = new TimestampArray(BarSchema.TimestampType, new ArrowBuffer(tsBytes), ArrowBuffer.Empty, count, 0, 0);
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

    /// <summary>Finishes the file. Explicit, because the writer's Dispose swallows native errors.</summary>
    public void Close()
    {
        if (_closed) return;
        _closed = true;
        _writer.Close();
    }

    public void Dispose()
    {
        _writer.Dispose();
    }
}
