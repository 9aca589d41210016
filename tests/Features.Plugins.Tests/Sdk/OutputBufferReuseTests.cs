using Apache.Arrow;
using Features.PluginSdk;

namespace Features.Plugins.Tests.Sdk;

/// <summary>
/// A kernel's large output buffers go back to the SDK's pool when the caller disposes the batch and carry the next
/// batch, through Arrow's public allocator API: after the first batch, a batch of 65k rows allocates a few kilobytes
/// (batch, arrays, owners), not a fresh 512 KB per column.
/// </summary>
public sealed class OutputBufferReuseTests
{
    // A length no other test uses, so parallel tests cannot take these buffers from the pool.
    private const int Rows = 65_531;

    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Position = Outputs.Float("position", "The bar's position in the series.");
    private static readonly FloatOutput Twice = Outputs.Float("twice", "Twice the position.");

    private sealed class PositionKernel() : FeatureKernel(Outputs)
    {
        private long _position;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var position = outputs[Position];
            var twice = outputs[Twice];
            for (var i = 0; i < bars.Length; i++, _position++)
            {
                position[i] = _position;
                twice[i] = 2.0 * _position;
            }
        }
    }

    [Fact]
    public void Disposed_output_buffers_carry_the_next_batches()
    {
        using var kernel = new PositionKernel();
        using var input = BarSchema.Create([.. Enumerable.Range(0, Rows).Select(i => new Bar(i * 60_000_000L, 1, 1, 1, 1, 1))]);
        for (var warm = 0; warm < 2; warm++)
        {
            kernel.Process(input).Dispose();
        }

        var perBatch = Allocation.PerBatch(8, () => kernel.Process(input), (output, b) =>
        {
            var position = (DoubleArray)output.Column(0);
            position.GetValue(Rows - 1).ShouldBe((double)((b + 3) * (long)Rows - 1));
            ((DoubleArray)output.Column(1)).GetValue(0).ShouldBe(2.0 * (b + 2) * Rows);
        });

        perBatch.ShouldBeLessThan(64 * 1024, $"{perBatch} B per batch of {Rows} rows: the two 512 KB columns were not reused");
    }
}
