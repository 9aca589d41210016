using System.Buffers;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;

namespace Features.PluginSdk;

/// <summary>
/// Output buffers for <see cref="BarKernel"/>, recycled through the batches that carry them: a batch's
/// float64 column owns its buffer, and disposing the batch (as the host does once it has written the
/// rows) returns the buffer here for the next batch. A fresh 64k-row buffer is a large-object
/// allocation, and allocating them per batch costs more than most kernels' arithmetic (gen-2 GCs).
/// A batch that is never disposed simply leaves its buffer to the GC.
/// </summary>
internal static class OutputBuffers
{
    // Small buffers are cheap to allocate; only large ones are worth keeping.
    private const int MinPooledLength = 4096;
    private const int MaxPerLength = 16;
    private const long MaxPooledBytes = 256L << 20;

    private static readonly ConcurrentDictionary<int, ConcurrentQueue<double[]>> Pool = new();
    private static long _pooledBytes;

    // Arrow lets only its own allocators hand a buffer an owner (the constructor is internal). Found once;
    // if a later Arrow drops it, buffers are adopted without an owner and simply not recycled.
    private static readonly Func<IMemoryOwner<byte>, ArrowBuffer>? OwnedBuffer = FindOwnedBufferConstructor();

    /// <summary>
    /// A buffer of exactly <paramref name="length"/> values, zeroed (kernels may rely on zeros) unless the
    /// caller overwrites every value itself (<paramref name="zeroed"/> false).
    /// </summary>
    public static double[] Rent(int length, bool zeroed = true)
    {
        if (OwnedBuffer is not null && length >= MinPooledLength && Pool.TryGetValue(length, out var queue) && queue.TryDequeue(out var array))
        {
            Interlocked.Add(ref _pooledBytes, -(long)length * sizeof(double));
            if (zeroed) System.Array.Clear(array);
            return array;
        }
        return new double[length];
    }

    /// <summary>The first <paramref name="length"/> values of <paramref name="array"/> as an Arrow buffer that now owns the array.</summary>
    public static ArrowBuffer Adopt(double[] array, int length)
    {
        if (OwnedBuffer is not null && length == array.Length && length >= MinPooledLength)
        {
            return OwnedBuffer(new Owner(array));
        }
        return new ArrowBuffer(new Owner(array, recycle: false).Memory[..(length * sizeof(double))]);
    }

    /// <summary>Gives back a buffer from <see cref="Rent"/> that no batch adopted (scratch space).</summary>
    public static void Return(double[] array)
    {
        if (array.Length < MinPooledLength) return;
        var queue = Pool.GetOrAdd(array.Length, static _ => new ConcurrentQueue<double[]>());
        var bytes = (long)array.Length * sizeof(double);
        if (queue.Count >= MaxPerLength || Interlocked.Add(ref _pooledBytes, bytes) > MaxPooledBytes)
        {
            if (queue.Count < MaxPerLength) Interlocked.Add(ref _pooledBytes, -bytes);
            return;
        }
        queue.Enqueue(array);
    }

    private static Func<IMemoryOwner<byte>, ArrowBuffer>? FindOwnedBufferConstructor()
    {
        var constructor = typeof(ArrowBuffer).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(IMemoryOwner<byte>)]);
        if (constructor is null) return null;
        var owner = Expression.Parameter(typeof(IMemoryOwner<byte>), "owner");
        return Expression.Lambda<Func<IMemoryOwner<byte>, ArrowBuffer>>(Expression.New(constructor, owner), owner).Compile();
    }

    /// <summary>A double[] seen as bytes; disposing it (the batch was disposed) recycles the array once.</summary>
    private sealed class Owner(double[] array, bool recycle = true) : MemoryManager<byte>
    {
        private double[]? _array = array;

        public override Span<byte> GetSpan() =>
            MemoryMarshal.AsBytes((_array ?? throw new ObjectDisposedException(nameof(ArrowBuffer), "the output batch was disposed")).AsSpan());

        public override unsafe MemoryHandle Pin(int elementIndex = 0)
        {
            var target = _array ?? throw new ObjectDisposedException(nameof(ArrowBuffer), "the output batch was disposed");
            var handle = GCHandle.Alloc(target, GCHandleType.Pinned);
            var start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(target)) + elementIndex;
            return new MemoryHandle(start, handle, this);
        }

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
            var released = Interlocked.Exchange(ref _array, null);
            if (released is not null && recycle) Return(released);
        }
    }
}
