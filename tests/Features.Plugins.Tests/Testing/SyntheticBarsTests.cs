using Features.PluginSdk;

namespace Features.Plugins.Tests.Testing;

public sealed class SyntheticBarsTests
{
    [Fact]
    public void The_same_seed_gives_the_same_bars_and_another_seed_other_bars()
    {
        SyntheticBars.RandomWalk(200, seed: 3).ShouldBe(SyntheticBars.RandomWalk(200, seed: 3));
        SyntheticBars.RandomWalk(200, seed: 4).ShouldNotBe(SyntheticBars.RandomWalk(200, seed: 3));
    }

    [Fact]
    public void The_walk_is_pinned_so_golden_files_made_from_it_stay_valid_on_every_runtime()
    {
        var bar = SyntheticBars.RandomWalk(3)[2];
        bar.Timestamp.ShouldBe(SyntheticBars.Micros(new DateTime(2020, 1, 3, 0, 0, 0, DateTimeKind.Utc)));
        bar.Close.ShouldBe(PinnedClose);
    }

    private const double PinnedClose = 100.90829037796443;

    [Fact]
    public void Bars_are_valid_OHLCV_in_time_order()
    {
        var bars = SyntheticBars.RandomWalk(2000, seed: 7, interval: TimeSpan.FromHours(1));
        bars.ShouldAllBe(b => b.Low > 0 && b.Low <= Math.Min(b.Open, b.Close) && b.High >= Math.Max(b.Open, b.Close) && b.Volume > 0);
        bars.Zip(bars.Skip(1)).ShouldAllBe(p => p.Second.Timestamp - p.First.Timestamp == 3_600_000_000L);
    }

    [Fact]
    public void Zeros_and_NaNs_keep_the_timestamps_and_spoil_the_values()
    {
        var bars = SyntheticBars.RandomWalk(100);
        SyntheticBars.Zeros(bars).ShouldAllBe(b => b.Open == 0 && b.High == 0 && b.Low == 0 && b.Close == 0 && b.Volume == 0);
        var spoilt = SyntheticBars.WithNaNs(bars);
        spoilt.Select(b => b.Timestamp).ShouldBe(bars.Select(b => b.Timestamp));
        spoilt.Count(b => double.IsNaN(b.Close)).ShouldBeGreaterThan(5);
        spoilt.Count(b => double.IsNaN(b.Volume)).ShouldBeGreaterThan(5);
    }
}
