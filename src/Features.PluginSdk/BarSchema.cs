using Apache.Arrow;
using Apache.Arrow.Types;

namespace Features.PluginSdk;

/// <summary>The Arrow schema of the bar batches a kernel receives.</summary>
public static class BarSchema
{
    /// <summary>Column names, in order.</summary>
    public const string Timestamp = "timestamp", Open = "open", High = "high", Low = "low", Close = "close", Volume = "volume";

    /// <summary>Microseconds since the Unix epoch, UTC.</summary>
    public static readonly TimestampType TimestampType = new(TimeUnit.Microsecond, "UTC");

    /// <summary>timestamp (µs, UTC), open, high, low, close, volume (float64, never null).</summary>
    public static readonly Schema Schema = new Schema.Builder()
        .Field(f => f.Name(Timestamp).DataType(TimestampType).Nullable(false))
        .Field(f => f.Name(Open).DataType(DoubleType.Default).Nullable(false))
        .Field(f => f.Name(High).DataType(DoubleType.Default).Nullable(false))
        .Field(f => f.Name(Low).DataType(DoubleType.Default).Nullable(false))
        .Field(f => f.Name(Close).DataType(DoubleType.Default).Nullable(false))
        .Field(f => f.Name(Volume).DataType(DoubleType.Default).Nullable(false))
        .Build();

    /// <summary>Builds a bar batch from arrays (for tests and tools).</summary>
    public static RecordBatch Create(ReadOnlySpan<Bar> bars)
    {
        var ts = new long[bars.Length];
        var o = new double[bars.Length];
        var h = new double[bars.Length];
        var l = new double[bars.Length];
        var c = new double[bars.Length];
        var v = new double[bars.Length];
        for (var i = 0; i < bars.Length; i++)
        {
            ts[i] = bars[i].Timestamp;
            o[i] = bars[i].Open;
            h[i] = bars[i].High;
            l[i] = bars[i].Low;
            c[i] = bars[i].Close;
            v[i] = bars[i].Volume;
        }
        return Create(ts, o, h, l, c, v);
    }

    /// <summary>Builds a bar batch from parallel arrays (for tests and tools).</summary>
    public static RecordBatch Create(long[] timestamps, double[] open, double[] high, double[] low, double[] close, double[] volume)
    {
        var n = timestamps.Length;
        return new RecordBatch(Schema,
        [
            new TimestampArray(TimestampType, new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(timestamps.AsSpan()).ToArray()), ArrowBuffer.Empty, n, 0, 0),
            Doubles(open), Doubles(high), Doubles(low), Doubles(close), Doubles(volume),
        ], n);
    }

    private static DoubleArray Doubles(double[] values) =>
        new(new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray()), ArrowBuffer.Empty, values.Length, 0, 0);
}
