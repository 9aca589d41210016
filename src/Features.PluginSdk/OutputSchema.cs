using System.Numerics;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Features.PluginSdk;

/// <summary>Turns output columns declared as data into Arrow schemas and arrays.</summary>
public static class OutputSchema
{
    /// <summary>The Arrow schema of a kernel's output batches (every column nullable).</summary>
    public static Schema For(IReadOnlyList<OutputColumn> outputs)
    {
        var builder = new Schema.Builder();
        foreach (var column in outputs)
        {
            IArrowType type = column.Type switch
            {
                ColumnType.Float64 => DoubleType.Default,
                ColumnType.Boolean => BooleanType.Default,
                ColumnType.Int32 => Int32Type.Default,
                ColumnType.String => StringType.Default,
                _ => throw new ArgumentOutOfRangeException(nameof(outputs), column.Type, "unknown column type"),
            };
            builder.Field(f => f.Name(column.Name).DataType(type).Nullable(true));
        }
        return builder.Build();
    }

    /// <summary>Builds a batch from per-column double buffers; NaN becomes null.</summary>
    public static RecordBatch ToRecordBatch(Schema schema, IReadOnlyList<OutputColumn> outputs, double[][] values, int length) =>
        Build(schema, outputs, values, length, adopt: false);

    /// <summary>
    /// Like <see cref="ToRecordBatch"/>, but float64 buffers become the Arrow data without a copy (and go
    /// back to <see cref="OutputBuffers"/> when the batch is disposed): for buffers from
    /// <see cref="OutputBuffers.Rent"/> or allocated for this batch alone, which the caller never touches again.
    /// <paramref name="nullCounts"/>, when given, are the NaNs per column the caller already counted.
    /// </summary>
    internal static RecordBatch Adopt(Schema schema, IReadOnlyList<OutputColumn> outputs, double[][] values, int length, int[]? nullCounts = null) =>
        Build(schema, outputs, values, length, adopt: true, nullCounts);

    private static RecordBatch Build(Schema schema, IReadOnlyList<OutputColumn> outputs, double[][] values, int length, bool adopt,
        int[]? nullCounts = null)
    {
        var arrays = new IArrowArray[outputs.Count];
        for (var c = 0; c < outputs.Count; c++)
        {
            if (adopt && outputs[c].Type == ColumnType.Float64)
            {
                arrays[c] = Float64(values[c], length, copy: false, nullCounts?[c]);
            }
            else if (adopt && outputs[c].Type == ColumnType.Int32)
            {
                arrays[c] = Int32(values[c], length, inPlace: true);
            }
            else
            {
                arrays[c] = ToArray(outputs[c], values[c], length);
                // Converted, so no batch holds it: an adopted buffer goes back to the pool for the next batch.
                if (adopt) OutputBuffers.Return(values[c]);
            }
        }
        return new RecordBatch(schema, arrays, length);
    }

    /// <summary>Converts one buffer of doubles (NaN for null) to the column's Arrow array.</summary>
    public static IArrowArray ToArray(OutputColumn column, double[] values, int length)
    {
        switch (column.Type)
        {
            case ColumnType.Float64:
                return Float64(values, length, copy: true);
            case ColumnType.Boolean:
            {
                var span = values.AsSpan(0, length);
                var nulls = CountNaNs(span);
                var bits = new byte[(length + 7) / 8];
                for (var i = 0; i < length; i++)
                {
                    if (span[i] != 0 && !double.IsNaN(span[i])) bits[i >> 3] |= (byte)(1 << (i & 7));
                }
                var (validity, _) = Validity(span, nulls);
                return new BooleanArray(new ArrowBuffer(bits), validity, length, nulls, 0);
            }
            case ColumnType.Int32:
                return Int32(values, length, inPlace: false);
            case ColumnType.String:
                return Categories(column.Categories ?? [], values.AsSpan(0, length));
            default:
                throw new ArgumentOutOfRangeException(nameof(column), column.Type, "unknown column type");
        }
    }

    /// <summary>
    /// A category column (category index per row, NaN or out of range for null) as a string array, its offsets, bytes
    /// and validity written directly: a builder's per-row append cost a look-ahead kernel with a category column ~10%.
    /// </summary>
    private static StringArray Categories(IReadOnlyList<string> categories, ReadOnlySpan<double> codes)
    {
        var utf8 = new byte[categories.Count][];
        for (var k = 0; k < utf8.Length; k++) utf8[k] = System.Text.Encoding.UTF8.GetBytes(categories[k]);
        var length = codes.Length;
        long bytes = 0;
        var nulls = 0;
        for (var i = 0; i < length; i++)
        {
            if (Category(codes[i], utf8.Length) is { } k) bytes += utf8[k].Length;
            else nulls++;
        }
        if (bytes > int.MaxValue) throw new InvalidOperationException($"a string column of {bytes} bytes exceeds Arrow's 2 GiB string array");
        var offsets = new byte[(length + 1) * sizeof(int)];
        var offsetsOf = MemoryMarshal.Cast<byte, int>(offsets.AsSpan());
        var data = new byte[bytes];
        var validity = nulls == 0 ? null : new byte[(length + 7) / 8];
        var at = 0;
        for (var i = 0; i < length; i++)
        {
            offsetsOf[i] = at;
            if (Category(codes[i], utf8.Length) is not { } k) continue;
            utf8[k].CopyTo(data, at);
            at += utf8[k].Length;
            if (validity is not null) validity[i >> 3] |= (byte)(1 << (i & 7));
        }
        offsetsOf[length] = at;
        return new StringArray(length, new ArrowBuffer(offsets), new ArrowBuffer(data), validity is null ? ArrowBuffer.Empty : new ArrowBuffer(validity), nulls);
    }

    /// <summary>
    /// An int32 column, written directly rather than appended row by row through a builder. In place, the ints go
    /// over the column's own double buffer, which the batch then owns and recycles like a float64 column's (int i
    /// lands on double i/2, already read).
    /// </summary>
    private static Int32Array Int32(double[] values, int length, bool inPlace)
    {
        var span = values.AsSpan(0, length);
        var (validity, nulls) = Validity(span, CountNaNs(span));
        var bytes = inPlace ? null : new byte[length * sizeof(int)];
        var ints = bytes is null ? MemoryMarshal.Cast<double, int>(values.AsSpan()) : MemoryMarshal.Cast<byte, int>(bytes.AsSpan());
        for (var i = 0; i < length; i++)
        {
            var value = values[i];
            ints[i] = double.IsNaN(value) ? 0 : (int)value;
        }
        return new Int32Array(bytes is null ? OutputBuffers.Adopt(values, values.Length) : new ArrowBuffer(bytes), validity, length, nulls, 0);
    }

    private static int? Category(double code, int count) => double.IsNaN(code) || code < 0 || code >= count ? null : (int)code;

    private static DoubleArray Float64(double[] values, int length, bool copy, int? knownNulls = null)
    {
        var (validity, nulls) = Validity(values.AsSpan(0, length), knownNulls ?? CountNaNs(values.AsSpan(0, length)));
        var data = copy
            ? new ArrowBuffer(MemoryMarshal.AsBytes(values.AsSpan(0, length)).ToArray())
            : OutputBuffers.Adopt(values, length);
        return new DoubleArray(data, validity, length, nulls, 0);
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> and returns how many of the values are NaN.</summary>
    internal static int CopyCountingNaNs(ReadOnlySpan<double> source, Span<double> destination)
    {
        source.CopyTo(destination);
        return CountNaNs(source);
    }

    /// <summary>Counts the NaNs a vector at a time (a NaN is the only value not equal to itself).</summary>
    private static int CountNaNs(ReadOnlySpan<double> values)
    {
        var nulls = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
            var equal = Vector<long>.Zero;
            foreach (var v in vectors)
            {
                // Equals gives -1 (all bits set) per non-NaN lane and 0 per NaN lane.
                equal += Vector.Equals(v, v);
            }
            i = vectors.Length * Vector<double>.Count;
            nulls = (int)(i + Vector.Sum(equal));
        }
        for (; i < values.Length; i++)
        {
            if (double.IsNaN(values[i])) nulls++;
        }
        return nulls;
    }

    /// <summary>The validity bitmap for <paramref name="nulls"/> NaNs among the values: none at all when there are none.</summary>
    private static (ArrowBuffer Validity, int NullCount) Validity(ReadOnlySpan<double> values, int nulls)
    {
        if (nulls == 0)
        {
            return (ArrowBuffer.Empty, 0);
        }
        var length = values.Length;
        var bits = new byte[(length + 7) / 8];
        for (var i = 0; i < length; i++)
        {
            if (!double.IsNaN(values[i])) bits[i >> 3] |= (byte)(1 << (i & 7));
        }
        return (new ArrowBuffer(bits), nulls);
    }
}
