using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Features.Host.MarketData;
using Features.PluginSdk;

namespace Features.Host.Generation;

/// <summary>
/// An array of values seen as the bytes of an Arrow buffer, without a copy. The buffer borrows the array: whoever
/// builds one must keep the array unchanged for as long as the batch over it is read.
/// </summary>
internal sealed class ArrayBytes<T>(T[] array) : MemoryManager<byte> where T : unmanaged
{
    /// <summary>The first <paramref name="count"/> values of <paramref name="array"/> as an Arrow buffer.</summary>
    public static ArrowBuffer Buffer(T[] array, int count) => new(new ArrayBytes<T>(array).Memory[..(count * Unsafe.SizeOf<T>())]);

    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(array.AsSpan());

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        // Arrow's C data export pins the buffer while native code (the Parquet writer) reads it.
        var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        var start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)) + elementIndex;
        return new MemoryHandle(start, handle, this);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}

/// <summary>
/// The bar batch a kernel is given, as a view of a block's arrays. Every kernel of a pass reads the same bars; copying
/// them for each kernel and block (twice: a slice, then Arrow's bytes) was a third of a job's allocations. The plugin
/// contract makes an input batch read-only and valid only during the call that receives it (<see cref="IFeatureKernel"/>),
/// because the host refills the block afterwards.
/// </summary>
internal static class BarBatchView
{
    public static RecordBatch Of(BarBlock block)
    {
        var n = block.Count;
        return new RecordBatch(BarSchema.Schema,
        [
            new TimestampArray(BarSchema.TimestampType, ArrayBytes<long>.Buffer(block.Timestamp, n), ArrowBuffer.Empty, n, 0, 0),
            Doubles(block.Open, n), Doubles(block.High, n), Doubles(block.Low, n), Doubles(block.Close, n), Doubles(block.Volume, n),
        ], n);
    }

    private static DoubleArray Doubles(double[] values, int n) => new(ArrayBytes<double>.Buffer(values, n), ArrowBuffer.Empty, n, 0, 0);
}
