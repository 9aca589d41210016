using Apache.Arrow;

namespace Features.Plugins.Tests.Sdk;

/// <summary>Managed bytes this thread allocates per output batch, each batch checked and then disposed.</summary>
internal static class Allocation
{
    public static long PerBatch(int batches, Func<RecordBatch> process, Action<RecordBatch, int> check)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var b = 0; b < batches; b++)
        {
            using var output = process();
            check(output, b);
        }
        return (GC.GetAllocatedBytesForCurrentThread() - before) / batches;
    }
}
