using Apache.Arrow;
using Features.Plugins.Tests.Harness;
using Features.Plugins.Tests.Reference;
using Features.PluginSdk;

namespace Features.Plugins.Tests.Sdk;

/// <summary>
/// <see cref="BarKernel"/> computes a batch of more than a few thousand bars in slices through scratch columns
/// and counts the nulls while copying them into the batch: values, zeros left by a kernel, nulls and validity
/// must come out as if the kernel had written the batch's columns directly.
/// </summary>
public sealed class LargeBatchTests
{
    private static readonly IReadOnlyList<OutputColumn> Columns =
    [
        OutputColumn.Float("position", "The bar's position in the series; null on a few."),
        OutputColumn.Float("sparse", "1 on even positions, never written on odd ones."),
    ];

    /// <summary>Writes its running bar position, NaN on every 5,000th bar and the first three; leaves odd rows of the second column alone.</summary>
    private sealed class PositionKernel() : BarKernel(Columns)
    {
        private long _position;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            for (var i = 0; i < bars.Length; i++, _position++)
            {
                outputs[0][i] = _position < 3 || _position % 5_000 == 4_097 ? double.NaN : _position;
                if (_position % 2 == 0) outputs[1][i] = 1;
            }
        }
    }

    private static RecordBatch Bars(int start, int count)
    {
        var bars = new Bar[count];
        for (var i = 0; i < count; i++)
        {
            var t = (start + i) * 60_000_000L;
            bars[i] = new Bar(t, 1, 1, 1, 1, 1);
        }
        return BarSchema.Create(bars);
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(4_097)]
    [InlineData(65_536)]
    public void A_large_batch_has_the_values_zeros_and_nulls_the_kernel_wrote(int count)
    {
        using var kernel = new PositionKernel();
        using var input = Bars(0, count);
        using var output = kernel.Process(input);

        var position = (DoubleArray)output.Column(0);
        var sparse = (DoubleArray)output.Column(1);
        var expectedNulls = 0;
        for (var i = 0; i < count; i++)
        {
            var isNull = i < 3 || i % 5_000 == 4_097;
            if (isNull) expectedNulls++;
            position.IsNull(i).ShouldBe(isNull, $"row {i}");
            if (!isNull) position.GetValue(i).ShouldBe(i);
            sparse.GetValue(i).ShouldBe(i % 2 == 0 ? 1 : 0, $"row {i}");
        }
        position.NullCount.ShouldBe(expectedNulls);
        sparse.NullCount.ShouldBe(0);
    }

    [Fact]
    public void Recycled_buffers_start_from_zeros_again()
    {
        // The second batch reuses the first one's buffers: odd rows must still read 0, not the previous batch's value.
        using var kernel = new PositionKernel();
        for (var batch = 0; batch < 3; batch++)
        {
            using var input = Bars(batch * 65_536, 65_536);
            using var output = kernel.Process(input);
            var sparse = (DoubleArray)output.Column(1);
            for (var i = 1; i < 65_536; i += 2) sparse.GetValue(i).ShouldBe(0, $"batch {batch}, row {i}");
        }
    }

    public static TheoryData<string> TechnicalKeys()
    {
        var data = new TheoryData<string>();
        foreach (var key in PluginPacks.Keys(FeatureType.Technical)) data.Add(key);
        return data;
    }

    [ReferenceTheory]
    [MemberData(nameof(TechnicalKeys))]
    public void A_technical_kernel_gives_the_same_rows_in_one_large_batch_as_in_small_ones(string key)
    {
        var bars = ReferenceData.Quotes("longish.csv");
        var whole = KernelRunner.Run(key, bars);
        var split = KernelRunner.Run(key, bars, 1000);
        whole.Names
            .Select(n => Tolerance.Mismatches($"{key}.{n} (one batch of {bars.Length} vs batches of 1000)", whole[n], split[n], 0, 0))
            .Where(p => p is not null)
            .ShouldBeEmpty();
    }
}
