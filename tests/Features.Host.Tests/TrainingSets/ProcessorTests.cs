using Features.Host.TrainingSets;

namespace Features.Host.Tests.TrainingSets;

public sealed class ProcessorTests
{
    private static readonly string[] OneFeature = ["f__x"];

    /// <summary>A block of one feature: (timestamp, symbol, value, label) rows in order.</summary>
    private static RowBlock Block(params (long T, int S, double X, double Label)[] rows)
    {
        var block = new RowBlock(1, 2);
        foreach (var (t, s, x, label) in rows) block.Add(s, t, [x], label, t, t);
        return block;
    }

    private static double[] Feature(RowBlock block) => block.Features[0][..block.Count];

    [Fact]
    public void Cs_zscore_uses_only_the_values_of_the_same_timestamp_with_sample_std()
    {
        var block = Block((1, 0, 1, 0), (1, 1, 2, 0), (1, 2, 3, 0), (2, 0, 10, 0), (2, 1, double.NaN, 0), (2, 2, 30, 0));

        new BlockProcessor([new CsZScore(ColumnSelection.Features)], OneFeature, 3).Apply(block);

        // t=1: mean 2, std 1. t=2: mean 20 of {10, 30}, std √200; the null stays null and is not counted.
        Feature(block)[..3].ShouldBe([-1.0, 0.0, 1.0]);
        Feature(block)[3].ShouldBe(-10 / Math.Sqrt(200), 1e-15);
        double.IsNaN(Feature(block)[4]).ShouldBeTrue();
        Feature(block)[5].ShouldBe(10 / Math.Sqrt(200), 1e-15);
    }

    [Fact]
    public void Cs_rank_is_the_percentile_with_ties_averaged()
    {
        var block = Block((1, 0, 5, 0), (1, 1, 1, 0), (1, 2, 5, 0), (1, 3, 3, 0), (1, 4, double.NaN, 0));

        new BlockProcessor([new CsRank(ColumnSelection.Features)], OneFeature, 5).Apply(block);

        // Ranks among 4 values: 1 → 1, 3 → 2, the two 5s → 3.5 each; divided by 4 as pandas rank(pct=True).
        Feature(block)[..4].ShouldBe([3.5 / 4, 1.0 / 4, 3.5 / 4, 2.0 / 4]);
        double.IsNaN(Feature(block)[4]).ShouldBeTrue();
    }

    [Fact]
    public void Cs_winsorize_clips_to_the_timestamps_quantiles()
    {
        var block = Block([.. Enumerable.Range(0, 11).Select(i => (1L, i, (double)i * i, 0.0))]);

        new BlockProcessor([new CsWinsorize(0.1, 0.1, ColumnSelection.Features)], OneFeature, 11).Apply(block);

        // Sorted 0,1,4,...,100: the 10% quantile is the 2nd value (1), the 90% quantile the 10th (81).
        Feature(block)[0].ShouldBe(1);
        Feature(block)[5].ShouldBe(25);
        Feature(block)[10].ShouldBe(81);
    }

    [Fact]
    public void Ffill_carries_a_symbols_last_value_across_blocks_up_to_the_limit_and_never_from_another_symbol()
    {
        var processor = new BlockProcessor([new Fill(FillMethod.Ffill, 2, ColumnSelection.Features)], OneFeature, 2);
        var first = Block((1, 0, 7, 0), (1, 1, double.NaN, 0));
        processor.Apply(first);
        var second = Block((2, 0, double.NaN, 0), (2, 1, double.NaN, 0), (3, 0, double.NaN, 0), (4, 0, double.NaN, 0));
        processor.Apply(second);

        double.IsNaN(Feature(first)[1]).ShouldBeTrue(); // symbol 1 has nothing to carry; symbol 0's 7 is not its
        Feature(second)[0].ShouldBe(7);
        double.IsNaN(Feature(second)[1]).ShouldBeTrue();
        Feature(second)[2].ShouldBe(7);
        double.IsNaN(Feature(second)[3]).ShouldBeTrue(); // a third missing row is past the limit of 2
    }

    [Fact]
    public void Fill_zero_and_drop_na_on_the_label()
    {
        var block = Block((1, 0, double.NaN, 1), (1, 1, 2, double.NaN), (1, 2, 3, 2));

        new BlockProcessor([new Fill(FillMethod.Zero, null, ColumnSelection.Features), new DropNa(ColumnSelection.Label)], OneFeature, 3).Apply(block);

        block.Count.ShouldBe(2);
        block.Symbol[..2].ShouldBe([0, 2]);
        Feature(block).ShouldBe([0.0, 3.0]);
    }

    [Fact]
    public void Qlib_default_drops_null_labels_then_zscores_the_label_per_timestamp_leaving_features_alone()
    {
        var block = Block((1, 0, 5, 1), (1, 1, 6, double.NaN), (1, 2, 7, 3), (2, 0, 8, 4), (2, 1, 9, 8));

        new BlockProcessor(ProcessorPresets.Find("qlib_default")!, OneFeature, 3).Apply(block);

        block.Count.ShouldBe(4);
        block.Label[..4].ShouldBe([-1 / Math.Sqrt(2), 1 / Math.Sqrt(2), -1 / Math.Sqrt(2), 1 / Math.Sqrt(2)], 1e-15);
        Feature(block).ShouldBe([5.0, 7.0, 8.0, 9.0]);
    }

    [Fact]
    public void Robust_zscore_statistics_come_from_the_training_ranges_only()
    {
        double[] values = [1, 2, 3, 100, 200, double.NaN, 4];

        var fit = TrainFit.Statistics(values, [[0, 3], [5, 7]]); // 1, 2, 3, (null), 4: the 100 and 200 are test rows

        fit.Median.ShouldBe(2.5);
        fit.Mad.ShouldBe(1); // |deviations| 1.5, 0.5, 0.5, 1.5
        TrainFit.Apply(100, fit, 3).ShouldBe(3); // clipped
        TrainFit.Apply(2.5 + 1.4826, fit, 3).ShouldBe(1, 1e-9);
    }
}
