using Apache.Arrow;
using Apache.Arrow.Types;
using Features.Host.Errors;
using Features.PluginSdk;

namespace Features.Host.TrainingSets;

/// <summary>
/// The wide layout of a built training set, for small universes: one row per timestamp, and for each symbol (ordinal
/// order) each of the long file's columns after <c>timestamp</c> and <c>symbol</c> as <c>&lt;symbol&gt;__&lt;column&gt;</c>
/// (features, <c>label</c>, <c>label_start</c>, <c>label_end</c>), null where the symbol has no row at that timestamp.
/// A view of the stored long file, so it holds exactly its values; at most <see cref="MaxCells"/> columns.
/// </summary>
public static class WideLayout
{
    /// <summary>The most symbols × columns the wide layout answers (a snapshot's wide layout has the same limit).</summary>
    public const int MaxCells = 10_000;

    /// <summary>Timestamps per row group of the wide file.</summary>
    private const int RowsPerGroup = 4096;

    /// <summary>A 422 on <c>layout</c> when the wide layout would have more than <see cref="MaxCells"/> cells a row.</summary>
    public static void CheckCells(int symbols, int columns)
    {
        if ((long)symbols * columns <= MaxCells) return;
        throw ProblemException.Invalid("layout", $"the wide layout holds at most {MaxCells} cells a row (symbols × columns); this one has {symbols} × {columns}; " +
            "use the long layout or a smaller universe");
    }

    public static async Task WriteAsync(string longFile, string wideFile, CancellationToken ct)
    {
        using var reader = new ParquetSharp.Arrow.FileReader(longFile);
        var values = reader.Schema.FieldsList.Where(f => f.Name is not ("timestamp" or "symbol")).ToList();
        var symbols = new SortedSet<string>(StringComparer.Ordinal);
        using (var batches = reader.GetRecordBatchReader())
        {
            while (await batches.ReadNextRecordBatchAsync(ct) is { } batch)
            {
                using (batch)
                {
                    var symbol = (StringArray)batch.Column("symbol");
                    for (var i = 0; i < batch.Length; i++) symbols.Add(symbol.GetString(i));
                }
            }
        }
        CheckCells(symbols.Count, values.Count);
        var position = symbols.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        var builder = new Schema.Builder().Field(f => f.Name("timestamp").DataType(BarSchema.TimestampType).Nullable(false));
        foreach (var symbol in symbols)
        {
            foreach (var field in values) builder.Field(f => f.Name($"{symbol}__{field.Name}").DataType(field.DataType).Nullable(true));
        }
        var schema = builder.Build();
        var width = symbols.Count * values.Count;

        using var writer = new ParquetSharp.Arrow.FileWriter(wideFile, schema, Generation.ParquetWriterSetup.Properties(int.MaxValue, schema, allPlain: true),
            Generation.ParquetWriterSetup.ArrowProperties);
        var stamps = new List<long>();
        var bits = new List<long[]>();
        var present = new List<bool[]>();
        void Flush()
        {
            if (stamps.Count == 0) return;
            var n = stamps.Count;
            var arrays = new List<IArrowArray> { new TimestampArray(BarSchema.TimestampType, Buffer([.. stamps]), ArrowBuffer.Empty, n, 0, 0) };
            for (var c = 0; c < width; c++)
            {
                var column = new long[n];
                var validity = new byte[(n + 7) / 8];
                var nulls = 0;
                for (var r = 0; r < n; r++)
                {
                    if (present[r][c]) (column[r], validity[r >> 3]) = (bits[r][c], (byte)(validity[r >> 3] | (1 << (r & 7))));
                    else nulls++;
                }
                var bitmap = nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(validity);
                arrays.Add(values[c % values.Count].DataType is TimestampType type
                    ? new TimestampArray(type, Buffer(column), bitmap, n, nulls, 0)
                    : new DoubleArray(Buffer(column), bitmap, n, nulls, 0));
            }
            using var batch = new RecordBatch(schema, arrays, n);
            writer.WriteRecordBatch(batch, int.MaxValue);
            stamps.Clear();
            bits.Clear();
            present.Clear();
        }

        using (var batches = reader.GetRecordBatchReader())
        {
            while (await batches.ReadNextRecordBatchAsync(ct) is { } batch)
            {
                using (batch)
                {
                    var time = (TimestampArray)batch.Column("timestamp");
                    var symbol = (StringArray)batch.Column("symbol");
                    var columns = values.Select(v => batch.Column(v.Name)).ToList();
                    for (var i = 0; i < batch.Length; i++)
                    {
                        var stamp = time.GetValue(i)!.Value;
                        // The long file is sorted by timestamp, then symbol: a new stamp starts a new wide row.
                        if (stamps.Count == 0 || stamps[^1] != stamp)
                        {
                            if (stamps.Count == RowsPerGroup) Flush();
                            stamps.Add(stamp);
                            bits.Add(new long[width]);
                            present.Add(new bool[width]);
                        }
                        var offset = position[symbol.GetString(i)] * values.Count;
                        for (var c = 0; c < columns.Count; c++)
                        {
                            if (columns[c].IsNull(i)) continue;
                            bits[^1][offset + c] = columns[c] switch
                            {
                                DoubleArray d => BitConverter.DoubleToInt64Bits(d.GetValue(i)!.Value),
                                TimestampArray t => t.GetValue(i)!.Value,
                                _ => throw new InvalidDataException($"column {values[c].Name} is neither float64 nor a timestamp"),
                            };
                            present[^1][offset + c] = true;
                        }
                    }
                }
            }
        }
        Flush();
        writer.Close();
    }

    private static ArrowBuffer Buffer(long[] values) => new(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
}
