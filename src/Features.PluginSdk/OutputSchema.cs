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
    public static RecordBatch ToRecordBatch(Schema schema, IReadOnlyList<OutputColumn> outputs, double[][] values, int length)
    {
        var arrays = new IArrowArray[outputs.Count];
        for (var c = 0; c < outputs.Count; c++)
        {
            arrays[c] = ToArray(outputs[c], values[c], length);
        }
        return new RecordBatch(schema, arrays, length);
    }

    /// <summary>Converts one buffer of doubles (NaN for null) to the column's Arrow array.</summary>
    public static IArrowArray ToArray(OutputColumn column, double[] values, int length)
    {
        switch (column.Type)
        {
            case ColumnType.Float64:
            {
                var (validity, nulls) = Validity(values, length);
                var data = new ArrowBuffer(MemoryMarshal.AsBytes(values.AsSpan(0, length)).ToArray());
                return new DoubleArray(data, validity, length, nulls, 0);
            }
            case ColumnType.Boolean:
            {
                var builder = new BooleanArray.Builder().Reserve(length);
                for (var i = 0; i < length; i++)
                {
                    if (double.IsNaN(values[i])) builder.AppendNull(); else builder.Append(values[i] != 0);
                }
                return builder.Build();
            }
            case ColumnType.Int32:
            {
                var builder = new Int32Array.Builder().Reserve(length);
                for (var i = 0; i < length; i++)
                {
                    if (double.IsNaN(values[i])) builder.AppendNull(); else builder.Append((int)values[i]);
                }
                return builder.Build();
            }
            case ColumnType.String:
            {
                var categories = column.Categories ?? [];
                var builder = new StringArray.Builder();
                for (var i = 0; i < length; i++)
                {
                    var index = values[i];
                    if (double.IsNaN(index) || index < 0 || index >= categories.Count) builder.AppendNull();
                    else builder.Append(categories[(int)index]);
                }
                return builder.Build();
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(column), column.Type, "unknown column type");
        }
    }

    private static (ArrowBuffer Validity, int NullCount) Validity(double[] values, int length)
    {
        var nulls = 0;
        for (var i = 0; i < length; i++)
        {
            if (double.IsNaN(values[i])) nulls++;
        }
        if (nulls == 0)
        {
            return (ArrowBuffer.Empty, 0);
        }
        var bits = new byte[(length + 7) / 8];
        for (var i = 0; i < length; i++)
        {
            if (!double.IsNaN(values[i])) bits[i >> 3] |= (byte)(1 << (i & 7));
        }
        return (new ArrowBuffer(bits), nulls);
    }
}
