using Features.Host.Generation;

namespace Features.Host.Tests.Generation;

/// <summary>
/// A kernel feed matches output rows to the bars they answer through a pooled ring of pending timestamps. Look-ahead
/// kernels answer late, so the ring wraps and grows while holding rows; it must hand them back exactly first in, first out.
/// </summary>
public sealed class PendingTimestampsTests
{
    [Fact]
    public void Timestamps_come_back_in_the_order_they_were_added_across_wraps_and_growth()
    {
        var random = new Random(11);
        var expected = new Queue<long>();
        using var pending = new PendingTimestamps();
        long next = 0;
        for (var round = 0; round < 2_000; round++)
        {
            // Batches of 0 to 5,000 bars, answered partly (a kernel holding rows back) or wholly.
            var batch = new long[random.Next(0, 5_000)];
            for (var i = 0; i < batch.Length; i++) batch[i] = next++;
            pending.Add(batch);
            foreach (var t in batch) expected.Enqueue(t);
            var answered = random.Next(0, expected.Count + 1);
            for (var i = 0; i < answered; i++) pending.Dequeue().ShouldBe(expected.Dequeue());
            pending.Count.ShouldBe(expected.Count);
        }
        while (expected.Count > 0) pending.Dequeue().ShouldBe(expected.Dequeue());
        Should.Throw<InvalidOperationException>(() => pending.Dequeue());
    }
}
