using System.Numerics;
using System.Runtime.InteropServices;
using Apache.Arrow;

namespace Features.Host.TrainingSets;

/// <summary>A stored dataset column read as doubles (null as NaN), as the training-set join and the snapshot take values.</summary>
internal static class ArrowDoubles
{
    // Whole spans, not GetValue per element: a training set reads every member's every value through here.
    public static void Append(IArrowArray array, List<double> target)
    {
        var start = target.Count;
        CollectionsMarshal.SetCount(target, start + array.Length);
        var values = CollectionsMarshal.AsSpan(target).Slice(start, array.Length);
        switch (array)
        {
            case DoubleArray d:
                d.Values.CopyTo(values);
                break;
            case FloatArray f:
                Widen(f.Values, values);
                break;
            case Int64Array l:
                Widen(l.Values, values);
                break;
            case Int32Array n:
                Widen(n.Values, values);
                break;
            case BooleanArray b:
                for (var i = 0; i < values.Length; i++) values[i] = b.GetValue(i) == true ? 1 : 0;
                break;
            default:
                values.Fill(double.NaN);
                return;
        }
        if (array.NullCount == 0) return;
        for (var i = 0; i < values.Length; i++)
        {
            if (array.IsNull(i)) values[i] = double.NaN;
        }
    }

    /// <summary>A timestamp column's values (Unix µs as stored).</summary>
    public static void AppendStamps(TimestampArray array, List<long> target)
    {
        if (array.NullCount > 0) throw new InvalidDataException("a stored dataset has a null timestamp");
        target.AddRange(array.Values);
    }

    private static void Widen<T>(ReadOnlySpan<T> source, Span<double> target) where T : struct, INumberBase<T>
    {
        for (var i = 0; i < source.Length; i++) target[i] = double.CreateTruncating(source[i]);
    }
}
