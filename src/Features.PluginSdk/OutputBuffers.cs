using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Memory;

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

    private static readonly AdoptingAllocator Allocator = new();

    /// <summary>
    /// True when this Arrow version lets a batch own a buffer without a copy (checked once, see
    /// <see cref="AdoptingAllocator"/>); false means buffers are adopted without an owner and not recycled.
    /// </summary>
    internal static bool Recycles { get; } = AdoptingAllocator.Works();

    /// <summary>
    /// A buffer of exactly <paramref name="length"/> values, zeroed (kernels may rely on zeros) unless the
    /// caller overwrites every value itself (<paramref name="zeroed"/> false).
    /// </summary>
    public static double[] Rent(int length, bool zeroed = true)
    {
        if (Recycles && length >= MinPooledLength && Pool.TryGetValue(length, out var queue) && queue.TryDequeue(out var array))
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
        if (Recycles && length == array.Length && length >= MinPooledLength)
        {
            return Allocator.Adopt(new Owner(array));
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

    /// <summary>
    /// Hands a buffer an owner through Arrow's public API. <see cref="ArrowBuffer"/>'s constructor taking an
    /// <see cref="IMemoryOwner{T}"/> is internal; the public ways to an owned buffer are a <see cref="MemoryAllocator"/>'s
    /// allocations, reached through <c>ArrowBuffer.Builder&lt;T&gt;.Build(allocator)</c> (which copies the builder's
    /// bytes into what the allocator returns) or <c>Clone(allocator)</c> (a full extra copy). So this allocator, asked
    /// for the 64 bytes of a one-byte builder, returns the kernel's whole buffer as the owner (an allocator may give more
    /// than asked), and the builder's one byte is the buffer's own first byte: the batch takes the buffer over with a
    /// one-byte copy. <see cref="Works"/> checks once that the result is the buffer itself, whole.
    /// </summary>
    private sealed class AdoptingAllocator() : MemoryAllocator(DefaultAlignment)
    {
        [ThreadStatic] private static IMemoryOwner<byte>? _adopting;
        [ThreadStatic] private static ArrowBuffer.Builder<byte>? _oneByte;

        public ArrowBuffer Adopt(IMemoryOwner<byte> owner)
        {
            var builder = _oneByte ??= new ArrowBuffer.Builder<byte>(1);
            builder.Clear().Append(owner.Memory.Span[0]);
            _adopting = owner;
            try
            {
                return builder.Build(this);
            }
            finally
            {
                _adopting = null;
            }
        }

        protected override IMemoryOwner<byte> AllocateInternal(int length, out int bytesAllocated)
        {
            if (_adopting is { } owner && owner.Memory.Length >= length)
            {
                _adopting = null;
                bytesAllocated = 0;
                return owner;
            }
            bytesAllocated = length;
            return new Owner(new double[(length + sizeof(double) - 1) / sizeof(double)], recycle: false);
        }

        /// <summary>Adopts a probe buffer and checks the batch's buffer is that memory, whole.</summary>
        public static bool Works()
        {
            var probe = new double[MinPooledLength];
            probe[0] = 1.5;
            using var buffer = new AdoptingAllocator().Adopt(new Owner(probe, recycle: false));
            return buffer.Length == probe.Length * sizeof(double)
                && Unsafe.AreSame(ref MemoryMarshal.GetReference(buffer.Span), ref Unsafe.As<double, byte>(ref probe[0]))
                && MemoryMarshal.Cast<byte, double>(buffer.Span)[0] == 1.5;
        }
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
