using Apache.Arrow;
using Apache.Arrow.Types;
using Features.PluginSdk;

namespace Features.Host.TrainingSets;

/// <summary>
/// Writes the training set's long Parquet: <c>timestamp</c>, <c>symbol</c>, the feature columns (float64,
/// null for NaN), <c>label</c>, <c>label_start</c>, <c>label_end</c>. Each time block becomes its own row
/// group, so row groups never straddle a timestamp and a time range reads only its groups. The bytes depend
/// only on the rows (no clock, no path), so both backends write identical files.
/// </summary>
public sealed class TrainingSetWriter : IDisposable
{
    private readonly ParquetSharp.Arrow.FileWriter _writer;
    private readonly Schema _schema;
    private readonly byte[][] _symbolBytes;
    private bool _closed;

    public TrainingSetWriter(string path, IReadOnlyList<string> featureNames, IReadOnlyList<string> symbols, IReadOnlyDictionary<string, string> metadata)
    {
        _symbolBytes = [.. symbols.Select(System.Text.Encoding.UTF8.GetBytes)];
        var builder = new Schema.Builder()
            .Field(f => f.Name("timestamp").DataType(BarSchema.TimestampType).Nullable(false))
            .Field(f => f.Name("symbol").DataType(StringType.Default).Nullable(false));
        foreach (var name in featureNames) builder.Field(f => f.Name(name).DataType(DoubleType.Default).Nullable(true));
        builder.Field(f => f.Name("label").DataType(DoubleType.Default).Nullable(true))
            .Field(f => f.Name("label_start").DataType(BarSchema.TimestampType).Nullable(true))
            .Field(f => f.Name("label_end").DataType(BarSchema.TimestampType).Nullable(true));
        foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal)) builder.Metadata(key, value);
        _schema = builder.Build();

        // Symbols repeat every timestamp: dictionary pages suit them; they only cost on the float64 and time columns.
        var properties = Generation.ParquetWriterSetup.Properties(int.MaxValue, [.. _schema.FieldsList.Where(f => f.Name != "symbol").Select(f => f.Name)]);
        _writer = new ParquetSharp.Arrow.FileWriter(path, _schema, properties, Generation.ParquetWriterSetup.ThreadedArrowProperties);
    }

    public long Rows { get; private set; }

    public IReadOnlyList<string> Columns => [.. _schema.FieldsList.Select(f => f.Name)];

    /// <summary>Writes the block as one row group.</summary>
    public void Write(RowBlock block)
    {
        if (block.Count == 0) return;
        var n = block.Count;
        var arrays = new List<IArrowArray>
        {
            Stamps(block.Timestamp, n, nullable: false),
            Symbols(block.Symbol, n),
        };
        for (var c = 0; c < block.FeatureCount; c++) arrays.Add(Doubles(block.Features[c], n));
        arrays.Add(Doubles(block.Label, n));
        arrays.Add(Stamps(block.LabelStart, n, nullable: true));
        arrays.Add(Stamps(block.LabelEnd, n, nullable: true));
        using var batch = new RecordBatch(_schema, arrays, n);
        _writer.WriteRecordBatch(batch, int.MaxValue);
        Rows += n;
    }

    /// <summary>Finishes the file. Explicit, because the writer's Dispose swallows native errors.</summary>
    public void Close()
    {
        if (_closed) return;
        _closed = true;
        _writer.Close();
    }

    public void Dispose() => _writer.Dispose();

    // Arrays are built straight from the block's buffers: a builder call per value cost more than the join itself.
    private static TimestampArray Stamps(long[] values, int n, bool nullable)
    {
        var (validity, nulls) = nullable ? Validity(n, i => values[i] == LabelColumn.NoStamp) : (ArrowBuffer.Empty, 0);
        return new TimestampArray(BarSchema.TimestampType, Copy(values.AsSpan(0, n)), validity, n, nulls, 0);
    }

    private static DoubleArray Doubles(double[] values, int n)
    {
        var (validity, nulls) = Validity(n, i => double.IsNaN(values[i]));
        return new DoubleArray(Copy(values.AsSpan(0, n)), validity, n, nulls, 0);
    }

    private static ArrowBuffer Copy<T>(ReadOnlySpan<T> values) where T : struct =>
        new(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray());

    /// <summary>Arrow's validity bitmap (bit set = present), or no bitmap when nothing is null.</summary>
    private static (ArrowBuffer Bitmap, int Nulls) Validity(int n, Func<int, bool> isNull)
    {
        var bits = new byte[(n + 7) / 8];
        var nulls = 0;
        for (var i = 0; i < n; i++)
        {
            if (isNull(i)) nulls++;
            else bits[i >> 3] |= (byte)(1 << (i & 7));
        }
        return nulls == 0 ? (ArrowBuffer.Empty, 0) : (new ArrowBuffer(bits), nulls);
    }

    private StringArray Symbols(int[] indices, int n)
    {
        var offsets = new int[n + 1];
        var total = 0;
        for (var i = 0; i < n; i++)
        {
            offsets[i] = total;
            total += _symbolBytes[indices[i]].Length;
        }
        offsets[n] = total;
        var data = new byte[total];
        for (var i = 0; i < n; i++) _symbolBytes[indices[i]].CopyTo(data, offsets[i]);
        return new StringArray(n, Copy<int>(offsets), new ArrowBuffer(data), ArrowBuffer.Empty, 0, 0);
    }
}
