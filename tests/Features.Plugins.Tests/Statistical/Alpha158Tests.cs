using Features.Plugins.Tests.Harness;
using Features.Plugins.Tests.Reference;
using Features.PluginSdk;
using static Features.Plugins.Tests.Statistical.Check;

namespace Features.Plugins.Tests.Statistical;

/// <summary>
/// automated.alpha158 against Qlib's definitions: the column list, hand-worked rows at window 3, and every column against
/// <see cref="Alpha158Reference"/> (O(d) per bar, straight from the expressions) at 1e-9 relative. Batching, truncation
/// and warm-up are the conformance kit's, run on it by <see cref="StatisticalPropertyTests"/> like every plugin.
/// </summary>
public sealed class Alpha158Tests
{
    private const string Key = "automated.alpha158";

    private static readonly int[] QlibWindows = [5, 10, 20, 30, 60];

    private static IFeaturePlugin Plugin => PluginPacks.Get(Key).Plugin;

    [Fact]
    public void Columns_are_qlibs_158_names_in_qlibs_order()
    {
        var names = Plugin.OutputColumns(KernelRunner.Parameters(Plugin)).Select(c => c.Name).ToList();
        names.Count.ShouldBe(158);
        names.ShouldBe(Alpha158Reference.Names(QlibWindows));
        names.Take(14).ShouldBe(["kmid", "klen", "kmid2", "kup", "kup2", "klow", "klow2", "ksft", "ksft2", "open0", "high0", "low0", "vwap0", "roc5"]);
        names.Skip(13).Take(6).ShouldBe(["roc5", "roc10", "roc20", "roc30", "roc60", "ma5"]);
        names[^1].ShouldBe("vsumd60");
        Plugin.Descriptor.Outputs.Select(c => c.Name).ShouldBe(names);
        Plugin.Descriptor.Outputs.Single(c => c.Name == "roc5").Description.ShouldContain("Ref($close, d)/$close");
        Plugin.WarmupBars(KernelRunner.Parameters(Plugin)).ShouldBe(60);
    }

    [ReferenceTheory]
    [InlineData("default.csv")]
    [InlineData("penny.csv")]
    [InlineData("intraday.csv")]
    [InlineData("bitcoin.csv")]
    public void Every_column_equals_the_naive_definitions_on_the_reference_quotes(string file) =>
        SameAsReference(ReferenceData.Quotes(file), QlibWindows);

    [Fact]
    public void Every_column_equals_the_naive_definitions_on_a_series_with_flat_stretches_volume_gaps_and_a_zero_volume_run() =>
        SameAsReference(Alpha158Reference.Synthetic(), QlibWindows);

    [Fact]
    public void Windows_of_one_two_and_three_bars_equal_the_naive_definitions() =>
        // One value has no sample std, slope, residual or correlation: those columns are null throughout at d = 1.
        SameAsReference(Alpha158Reference.Synthetic()[..400], [1, 2, 3], ["std1", "beta1", "rsqr1", "resi1", "corr1", "cord1", "vstd1", "wvma1"]);

    private static void SameAsReference(Bar[] bars, int[] windows, string[]? nullByDefinition = null)
    {
        var output = KernelRunner.Run(Key, bars, parameters: P(("windows", string.Join(',', windows))));
        var expected = Alpha158Reference.Compute(bars, windows);
        output.Names.ShouldBe(Alpha158Reference.Names(windows));
        var problems = output.Names
            .Select(name => Tolerance.Mismatches(name, output[name], Nullable(expected[name]), Tolerance.Relative, Tolerance.Absolute))
            .Where(p => p is not null)
            .ToList();
        problems.ShouldBeEmpty();
        // No comparison is vacuous: every column has values, except those null by definition.
        output.Names.Where(name => output[name].All(v => v is null)).ShouldBe(nullByDefinition ?? []);
    }

    private static object?[] Nullable(double[] values) => [.. values.Select(v => double.IsNaN(v) ? null : (object?)v)];

    /// <summary>Four bars (o, h, l, c, v), window 3; the expected values are worked by hand in the comments.</summary>
    private static readonly Bar[] HandBars =
    [
        new(1_483_401_600_000_000L, 10, 11, 9, 10, 100),
        new(1_483_488_000_000_000L, 10, 12, 10, 11, 200),
        new(1_483_574_400_000_000L, 11, 11.5, 10.5, 11, 100),
        new(1_483_660_800_000_000L, 11, 13, 10, 12, 300),
    ];

    [Fact]
    public void Hand_worked_rows_at_window_three()
    {
        var output = KernelRunner.Run(Key, HandBars, parameters: P(("windows", "3")));
        double At(string column, int row) => (double)output[column][row]!;
        void Is(string column, int row, double expected) => At(column, row).ShouldBe(expected, 1e-12, $"{column} at row {row}");
        void Null(string column, int row) => output[column][row].ShouldBeNull($"{column} at row {row}");

        // kbar at bar 3 (o 11, h 13, l 10, c 12): every numerator is 1 or 3, every denominator 11 or h-l = 3.
        Is("kmid", 3, 1 / 11.0); Is("klen", 3, 3 / 11.0); Is("kmid2", 3, 1 / 3.0);
        Is("kup", 3, 1 / 11.0); Is("kup2", 3, 1 / 3.0); Is("klow", 3, 1 / 11.0); Is("klow2", 3, 1 / 3.0);
        Is("ksft", 3, 1 / 11.0); Is("ksft2", 3, 1 / 3.0);
        Is("open0", 3, 11 / 12.0); Is("high0", 3, 13 / 12.0); Is("low0", 3, 10 / 12.0); Is("vwap0", 3, 35 / 36.0);

        // ROC is the close d bars back over this close; null until d bars exist.
        Null("roc3", 2); Is("roc3", 3, 10 / 12.0);
        // Partial windows (min_periods=1): the first bar's mean is its close; one value has no std, slope or R².
        Is("ma3", 0, 1); Null("std3", 0); Null("beta3", 0); Null("rsqr3", 0); Null("resi3", 0);
        // Bar 3, closes 11, 11, 12 at x = 1, 2, 3: mean 34/3, sample var (1/9+1/9+4/9)/2 = 1/3,
        // Sxy = 1, Sxx = 2 → slope 1/2, R² = 1/(2·2/3) = 3/4, fitted at x=3: 34/3 + 1/2, residual 1/6.
        Is("ma3", 3, 34 / 36.0); Is("std3", 3, Math.Sqrt(1 / 3.0) / 12); Is("beta3", 3, 0.5 / 12);
        Is("rsqr3", 3, 0.75); Is("resi3", 3, 1 / 6.0 / 12);
        // Highs 12, 11.5, 13 and lows 10, 10.5, 10: the max is the newest (3/3); the min ties, the oldest counts (1/3).
        Is("max3", 3, 13 / 12.0); Is("min3", 3, 10 / 12.0);
        Is("imax3", 3, 1); Is("imin3", 3, 1 / 3.0); Is("imxd3", 3, 2 / 3.0);
        Is("imax3", 0, 1 / 3.0); // divided by d, not by the partial window's length
        Is("rsv3", 3, 2 / (3 + 1e-12));
        // Sorted closes 11, 11, 12: h = 0.8·2 = 1.6 → 11.6; h = 0.4 → 11.
        Is("qtlu3", 3, 11.6 / 12); Is("qtld3", 3, 11 / 12.0);
        // Rank: 12 is the largest of three → 1; at bar 2 (10, 11, 11) the tied 11s hold ranks 2 and 3 → 2.5/3.
        Is("rank3", 3, 1); Is("rank3", 2, 2.5 / 3);
        // Ups at bars 1..3: 11>10, 11>11 no, 12>11 → 2/3; the first bar's comparison with a null is false → 0, not null.
        Is("cntp3", 3, 2 / 3.0); Is("cntn3", 3, 0); Is("cntd3", 3, 2 / 3.0); Is("cntp3", 0, 0);
        // Moves +1, 0, +1: gains 2 over |moves| 2; the first bar has no move at all, so no sum.
        Is("sump3", 3, 2 / (2 + 1e-12)); Is("sumn3", 3, 0); Is("sumd3", 3, 2 / (2 + 1e-12)); Null("sump3", 0);
        // Volumes 200, 100, 300: mean 200, sample std 100, over this volume 300; moves +100, -100, +200.
        Is("vma3", 3, 200 / (300 + 1e-12)); Is("vstd3", 3, 100 / (300 + 1e-12));
        Is("vsump3", 3, 300 / (400 + 1e-12)); Is("vsumn3", 3, 100 / (400 + 1e-12)); Is("vsumd3", 3, 200 / (400 + 1e-12));
        // |c/c₋₁ - 1|·v at bars 1..3: 0.1·200 = 20, 0, (1/11)·300.
        double[] moved = [20, 0, 300 / 11.0];
        var m = moved.Average();
        Is("wvma3", 3, Math.Sqrt(moved.Sum(x => (x - m) * (x - m)) / 2) / (m + 1e-12));
        // Corr needs two non-flat sides: at bar 1 (10, 11 against ln 101, ln 201) any two points correlate perfectly.
        Is("corr3", 1, 1);
        Null("corr3", 0);
    }

    [Fact]
    public void A_flat_stretch_gives_exact_zeros_and_null_correlations()
    {
        var bars = Alpha158Reference.Synthetic();
        var output = KernelRunner.Run(Key, bars, parameters: P(("windows", "5")));
        // Bars 300..339 repeat one price; by bar 310 the 5-bar window is flat. Bars 1500..1519 repeat one volume.
        output["std5"][310].ShouldBe(0.0);
        output["beta5"][310].ShouldBe(0.0);
        output["rsqr5"][310].ShouldBeNull();
        output["corr5"][310].ShouldBeNull();
        output["sump5"][310].ShouldBe(0.0);
        output["vstd5"][1510].ShouldBe(0.0);
        // Zero volume for bars 900..929: volume moves of zero, Qlib's 1e-12 guards keep the ratios finite.
        output["vsump5"][910].ShouldBe(0.0);
        output["vma5"][910].ShouldBe(0.0);
    }

    [Fact]
    public void Groups_windows_and_the_vwap_stand_in_follow_the_parameters()
    {
        var bars = HandBars;
        var rolling = KernelRunner.Run(Key, bars, parameters: P(("include", "rolling"), ("windows", "3,2")));
        rolling.Names.ShouldBe([.. Alpha158Reference.Operators.SelectMany(op => new[] { op + 3, op + 2 })]);
        var kbar = P(("include", "kbar"));
        Plugin.WarmupBars(KernelRunner.Parameters(Plugin, kbar)).ShouldBe(0);
        KernelRunner.Run(Key, bars, parameters: kbar).Names.ShouldBe(Alpha158Reference.Kbar);
        KernelRunner.Run(Key, bars, parameters: P(("include", "price"), ("vwap_column", "close")))["vwap0"].ShouldAllBe(v => (double)v! == 1);
        KernelRunner.Run(Key, bars, parameters: P(("include", "price"), ("vwap_column", "none")))["vwap0"].ShouldAllBe(v => v == null);

        foreach (var (name, value) in new[] { ("windows", "5,0"), ("windows", "5,5"), ("windows", "5,x"), ("windows", "1001"), ("include", "kbar,volume"), ("include", " ") })
        {
            Plugin.Validate(KernelRunner.Parameters(Plugin, P((name, value)))).ShouldContain(e => e.Parameter == name, $"{name}={value}");
        }
    }
}
