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
    private readonly List<byte[]> _scratch = [];
    private int _next;
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

        // Symbols repeat every timestamp: they keep dictionary pages; the float64 and time columns do not.
        var properties = Generation.ParquetWriterSetup.Properties(int.MaxValue, _schema);
        _writer = new ParquetSharp.Arrow.FileWriter(path, _schema, properties, Generation.ParquetWriterSetup.ThreadedArrowProperties);
    }

    public long Rows { get; private set; }

    public IReadOnlyList<string> Columns => [.. _schema.FieldsList.Select(f => f.Name)];

    /// <summary>Writes the block as one row group.</summary>
    public void Write(RowBlock block)
    {
        if (block.Count == 0) return;
        var n = block.Count;
        _next = 0;
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
        // Encoded into the row group before this returns, so the scratch buffers are free for the next block.
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

    // Arrays are built from the block's values copied into buffers kept from block to block: a builder call per value
    // cost more than the join itself, and fresh buffers per block cost a page fault per 4 KiB.
    private TimestampArray Stamps(long[] values, int n, bool nullable)
    {
        var (validity, nulls) = (ArrowBuffer.Empty, 0);
        if (nullable)
        {
            var bits = Scratch((n + 7) / 8);
            var present = bits.Span;
            present.Clear();
            for (var i = 0; i < n; i++)
            {
                if (values[i] == LabelColumn.NoStamp) nulls++;
                else present[i >> 3] |= (byte)(1 << (i & 7));
            }
            if (nulls > 0) validity = new ArrowBuffer(bits);
        }
        return new TimestampArray(BarSchema.TimestampType, Copy(values.AsSpan(0, n)), validity, n, nulls, 0);
    }

    private DoubleArray Doubles(double[] values, int n)
    {
        var bits = Scratch((n + 7) / 8);
        var present = bits.Span;
        present.Clear();
        var nulls = 0;
        for (var i = 0; i < n; i++)
        {
            if (double.IsNaN(values[i])) nulls++;
            else present[i >> 3] |= (byte)(1 << (i & 7));
        }
        return new DoubleArray(Copy(values.AsSpan(0, n)), nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(bits), n, nulls, 0);
    }

    private ArrowBuffer Copy<T>(ReadOnlySpan<T> values) where T : struct
    {
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values);
        var target = Scratch(bytes.Length);
        bytes.CopyTo(target.Span);
        return new ArrowBuffer(target);
    }

    /// <summary>The next of this block's scratch buffers, at least <paramref name="length"/> bytes (grown, never shrunk).</summary>
    private Memory<byte> Scratch(int length)
    {
        if (_next == _scratch.Count) _scratch.Add([]);
        if (_scratch[_next].Length < length) _scratch[_next] = new byte[length];
        return _scratch[_next++].AsMemory(0, length);
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
        var data = Scratch(total);
        for (var i = 0; i < n; i++) _symbolBytes[indices[i]].CopyTo(data.Span[offsets[i]..]);
        return new StringArray(n, Copy<int>(offsets), new ArrowBuffer(data), ArrowBuffer.Empty, 0, 0);
    }
}
