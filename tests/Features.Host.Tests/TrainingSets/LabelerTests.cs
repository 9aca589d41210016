using Features.Host.TrainingSets;
using static Features.Host.Tests.TrainingSets.TrainingSetData;

namespace Features.Host.Tests.TrainingSets;

public sealed class LabelerTests
{
    private static readonly long[] D = Days(Micros(2024, 1, 1), 8);

    [Fact]
    public void Forward_return_offset_1_horizon_1_on_close_is_qlib_label0_with_its_span()
    {
        double[] close = [100, 102, 101, 105, 104];
        var labels = Labeler.Compute(new ForwardReturnLabel(), Bars(D[..5], close, 0, 5));

        labels.Value[0].ShouldBe(101.0 / 102 - 1, 1e-15); // Ref($close,-2)/Ref($close,-1)-1
        labels.Value[1].ShouldBe(105.0 / 101 - 1, 1e-15);
        labels.Value[2].ShouldBe(104.0 / 105 - 1, 1e-15);
        (labels.Start[0], labels.End[0]).ShouldBe((D[1], D[2]));
        (labels.Start[2], labels.End[2]).ShouldBe((D[3], D[4]));
        // Row 3 needs bar 5, past the data: null, incomplete, its start known; row 4 knows neither end.
        double.IsNaN(labels.Value[3]).ShouldBeTrue();
        labels.Incomplete[3].ShouldBeTrue();
        (labels.Start[3], labels.End[3]).ShouldBe((D[4], LabelColumn.NoStamp));
        (labels.Start[4], labels.End[4]).ShouldBe((LabelColumn.NoStamp, LabelColumn.NoStamp));
        labels.Incomplete[2].ShouldBeFalse();
    }

    [Fact]
    public void Forward_log_return_horizon_2_offset_0_and_open_and_typical_price()
    {
        double[] close = [100, 102, 101, 105, 104];
        var bars = Bars(D[..5], close, 0, 3);

        var log = Labeler.Compute(new ForwardReturnLabel(Horizon: 2, Offset: 0, Log: true), bars);
        log.Value[0].ShouldBe(Math.Log(101.0 / 100), 1e-15);
        log.Value[2].ShouldBe(Math.Log(104.0 / 101), 1e-15);
        (log.Start[0], log.End[0]).ShouldBe((D[0], D[2]));

        var open = Labeler.Compute(new ForwardReturnLabel(Price: LabelPrice.Open), bars);
        open.Value[0].ShouldBe(100.5 / 101.5 - 1, 1e-15); // open = close − 0.5 in these bars

        var vwap = Labeler.Compute(new ForwardReturnLabel(Price: LabelPrice.Vwap), bars);
        vwap.Value[1].ShouldBe(105.0 / 101 - 1, 1e-12); // (high + low + close) / 3 = close here
    }

    [Fact]
    public void Label_reads_bars_after_the_last_row_when_the_store_has_them()
    {
        double[] close = [100, 102, 101, 105, 104];
        var labels = Labeler.Compute(new ForwardReturnLabel(), Bars(D[..5], close, 0, 3));

        labels.Value[2].ShouldBe(104.0 / 105 - 1, 1e-15);
        labels.Incomplete.ShouldAllBe(incomplete => !incomplete);
    }

    [Fact]
    public void Volatility_is_the_sample_deviation_of_the_window_returns()
    {
        double[] close = [100, 102, 100];
        // Returns 0.02 and −2/102: their sample deviation is |r1 − r2| / √2.
        Labeler.ReturnStdDev(close, 2, 2).ShouldBe((0.02 + 2.0 / 102) / Math.Sqrt(2), 1e-15);
        double.IsNaN(Labeler.ReturnStdDev(close, 1, 2)).ShouldBeTrue();
    }

    [Fact]
    public void Triple_barrier_labels_the_first_touch_with_its_time_and_the_vertical_barrier_as_zero()
    {
        double[] close = [100, 102, 100, 100, 103, 96, 100, 100];
        var labels = Labeler.Compute(new TripleBarrierLabel(Upper: 1, Lower: 1, MaxBars: 2, VolatilityWindow: 2), Bars(D, close, 0, 8));

        // Rows 0 and 1: no two returns yet, so no σ: null but complete.
        double.IsNaN(labels.Value[0]).ShouldBeTrue();
        labels.Incomplete[0].ShouldBeFalse();
        // Row 2: σ = 0.028007, upper 102.80: the 103 of bar 4 touches it.
        (labels.Value[2], labels.Start[2], labels.End[2]).ShouldBe((1.0, D[2], D[4]));
        // Row 3: σ = 0.013865, upper 101.39: bar 4 again.
        (labels.Value[3], labels.End[3]).ShouldBe((1.0, D[4]));
        // Row 4: σ = 0.021213 around 103, lower 100.82: the 96 of bar 5.
        (labels.Value[4], labels.End[4]).ShouldBe((-1.0, D[5]));
        // Row 5: σ = 0.069269 around 96, barriers 102.65 and 89.35 never touched by bars 6 and 7: the vertical one, 0.
        (labels.Value[5], labels.Start[5], labels.End[5]).ShouldBe((0.0, D[5], D[7]));
        // Row 6: the vertical barrier lies past the data and nothing was touched: incomplete.
        labels.Incomplete[6].ShouldBeTrue();
        labels.Incomplete[7].ShouldBeTrue();
    }

    [Fact]
    public void Triple_barrier_with_the_upper_barrier_off_never_labels_plus_one()
    {
        double[] close = [100, 102, 100, 100, 103, 96, 100, 100];
        var labels = Labeler.Compute(new TripleBarrierLabel(Upper: null, Lower: 1, MaxBars: 2, VolatilityWindow: 2), Bars(D, close, 0, 8));

        (labels.Value[2], labels.End[2]).ShouldBe((0.0, D[4]));
        (labels.Value[4], labels.End[4]).ShouldBe((-1.0, D[5]));
    }

    [Fact]
    public void Feature_label_is_the_value_k_bars_ahead_spanning_the_bars_after_the_row()
    {
        double[] close = [100, 102, 101, 105, 104];
        var bars = Bars(D[..5], close, 0, 5) with { FeatureValues = [1, 2, 3, 4, 5] };

        var labels = Labeler.Compute(new FeatureLabel("f", "x", Shift: -2), bars);

        labels.Value[0].ShouldBe(3);
        labels.Value[2].ShouldBe(5);
        (labels.Start[0], labels.End[0]).ShouldBe((D[1], D[2]));
        labels.Incomplete[3].ShouldBeTrue();
    }
}
