using static Features.Plugins.Tests.Macro.MacroFixtures;

namespace Features.Plugins.Tests.Macro;

/// <summary>macro.zscore over the series' own observations, worked by hand.</summary>
public sealed class ZScoreTests
{
    private static OutputTable Run(int window, string lag, Features.PluginSdk.Bar[]? series = null) =>
        MacroFixtures.Run("macro.zscore", Days2024,
            new() { ["series"] = "CPI", ["window"] = (long)window, ["release_lag"] = lag },
            Cursors(("series", series ?? Cpi)));

    private static (double Z, double Mean, double Sd) TwoPass(params double[] xs)
    {
        var mean = xs.Sum() / xs.Length;
        var sd = Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (xs.Length - 1));
        return ((xs[^1] - mean) / sd, mean, sd);
    }

    [Fact]
    public void Zscore_of_the_latest_print_uses_the_sample_deviation_of_the_last_window_prints()
    {
        var t = Run(3, "1d");
        t.At("zscore", 3, 1).ShouldBeNull("March's print is only usable from Mar 2");
        var (z, mean, sd) = TwoPass(100, 101, 102.5);
        t.At("zscore", 3, 2).ShouldBeNear(z);
        t.At("mean", 3, 2).ShouldBeNear(mean);
        t.At("std_dev", 3, 2).ShouldBeNear(sd);
        t.At("zscore", 4, 1).ShouldBeNear(z, "held until the next print is usable");
        (z, mean, sd) = TwoPass(101, 102.5, 102);
        t.At("zscore", 4, 2).ShouldBeNear(z);
        t.At("mean", 4, 2).ShouldBeNear(mean);
        t.At("std_dev", 4, 30).ShouldBeNear(sd);
    }

    [Fact]
    public void Hand_worked_window_of_two()
    {
        // 101 and 102.5: mean 101.75, sample sd = 1.5 / sqrt(2), z = 0.75 / (1.5 / sqrt 2) = 1 / sqrt 2.
        var t = Run(2, "15d");
        t.At("zscore", 2, 15).ShouldBeNull();
        t.At("zscore", 2, 16).ShouldBeNear(Math.Sqrt(0.5));
        t.At("zscore", 3, 16).ShouldBeNear(Math.Sqrt(0.5));
        t.At("mean", 3, 16).ShouldBeNear(101.75);
        t.At("zscore", 4, 16).ShouldBeNear(-Math.Sqrt(0.5));
    }

    [Fact]
    public void A_flat_window_gives_a_null_zscore_and_a_zero_deviation()
    {
        var t = Run(3, "0s", Monthly(Date(2024, 1, 1), 5.25, 5.25, 5.25, 5.25));
        t.At("zscore", 3, 1).ShouldBeNull();
        t.At("std_dev", 3, 1).ShouldBeNear(0);
        t.At("mean", 4, 1).ShouldBeNear(5.25);
        t["zscore"].ShouldAllBe(v => v == null);
    }

    [Fact]
    public void A_long_series_stays_as_accurate_as_a_two_pass_computation()
    {
        var rng = new Random(7);
        var values = new double[3000];
        for (var i = 0; i < values.Length; i++) values[i] = 1e4 + (i > 0 ? values[i - 1] - 1e4 : 0) + rng.NextDouble() - 0.5;
        var start = Date(2000, 1, 1);
        var series = values.Select((v, i) => Observation(start.AddDays(i), v)).ToArray();
        var bars = DailyBars(start, values.Length);
        var t = MacroFixtures.Run("macro.zscore", bars, new() { ["series"] = "X", ["window"] = 20L }, Cursors(("series", series)));
        foreach (var i in new[] { 19, 500, 1777, 2999 })
        {
            var (z, mean, sd) = TwoPass(values[(i - 19)..(i + 1)]);
            ((double?)t["zscore"][i])!.Value.ShouldBe(z, 1e-9 * Math.Max(1, Math.Abs(z)));
            ((double?)t["mean"][i])!.Value.ShouldBe(mean, 1e-9 * mean);
            ((double?)t["std_dev"][i])!.Value.ShouldBe(sd, 1e-9 * sd);
        }
    }
}
