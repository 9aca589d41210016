using Features.Plugins.Technical.Common;

namespace Features.Plugins.Tests.Sdk;

/// <summary>
/// Each tuned shared helper gives the same bits as its plain reference (the one plugin authors copy), on random
/// prices with gaps, through the tuned batch paths and over several batch splits.
/// </summary>
public sealed class PlainReferenceKernelTests
{
    private static double[] RandomPrices(int seed, int n, bool gaps)
    {
        var random = new Random(seed);
        var values = new double[n];
        var price = 100.0;
        for (var i = 0; i < n; i++)
        {
            price *= Math.Exp(0.02 * (random.NextDouble() - 0.5));
            values[i] = gaps && i % 997 == 500 ? double.NaN : price * (random.Next(3) - 1 == 0 ? 1 : -1);
        }
        return values;
    }

    /// <summary>Feeds <paramref name="values"/> through <paramref name="range"/> in uneven slices.</summary>
    private static double[] InSlices(double[] values, Action<ReadOnlySpan<double>, Span<double>> range)
    {
        var output = new double[values.Length];
        var sizes = new[] { 1, 5, 64, 333, 4096 };
        for (int start = 0, k = 0; start < values.Length; k++)
        {
            var length = Math.Min(sizes[k % sizes.Length], values.Length - start);
            range(values.AsSpan(start, length), output.AsSpan(start, length));
            start += length;
        }
        return output;
    }

    private static void ShouldBeBitIdentical(double[] tuned, double[] plain)
    {
        for (var i = 0; i < plain.Length; i++)
        {
            BitConverter.DoubleToInt64Bits(tuned[i]).ShouldBe(BitConverter.DoubleToInt64Bits(plain[i]), $"value {i}: tuned {tuned[i]:R}, plain {plain[i]:R}");
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 14)]
    [InlineData(3, 200)]
    public void Rolling_sum_means_match_the_plain_reference(int seed, int period)
    {
        // No gaps: a NaN stays in a running sum for good, which would leave nothing to compare.
        var values = RandomPrices(seed, 20_000, gaps: false);
        var plain = new PlainRollingSum(period);
        var expected = values.Select(v => { plain.Add(v); return plain.Mean; }).ToArray();

        var tuned = new RollingSum(period);
        ShouldBeBitIdentical(InSlices(values, tuned.AddRange), expected);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 12)]
    [InlineData(3, 200)]
    public void Seeded_ema_matches_the_plain_reference(int seed, int period)
    {
        var values = RandomPrices(seed, 20_000, gaps: false).Select(Math.Abs).ToArray();
        var plain = new PlainEma(period);
        var expected = values.Select(plain.Add).ToArray();

        var tuned = new SeededEma(period);
        ShouldBeBitIdentical(InSlices(values, (input, output) => tuned.AddRange(input, output)), expected);
    }

    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(2, 14, true)]
    [InlineData(3, 200, false)]
    [InlineData(4, 7, false)]
    public void Window_extremes_match_the_plain_reference(int seed, int period, bool maximum)
    {
        var values = RandomPrices(seed, 20_000, gaps: true);
        var plain = new PlainWindowExtreme(period, maximum);
        var expected = values.Select(plain.Add).ToArray();

        var tuned = new SlidingExtreme(period, maximum);
        ShouldBeBitIdentical(InSlices(values, (input, output) => tuned.AddRange(input, output, priorWindow: false)), expected);
    }
}
