using Features.Host.Errors;
using Features.Host.TrainingSets;
using Features.Host.TrainingSets.Snapshots;

namespace Features.Host.Tests.TrainingSets.Snapshots;

public sealed class SnapshotRulesTests
{
    private static long Micros(int year, int month, int day, int hour = 0) => (new DateTime(year, month, day, hour, 0, 0, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>1d bars stamped Wed 3, Thu 4, Fri 5 January 2024, values 1, 2, 3.</summary>
    private static DatasetValues ThreeDays() => new("1d", [Micros(2024, 1, 3), Micros(2024, 1, 4), Micros(2024, 1, 5)],
        new Dictionary<string, double[]> { ["x"] = [1, 2, 3] });

    [Fact]
    public void The_row_seen_at_an_instant_is_the_last_bar_closed_by_then_the_same_rule_as_the_training_set_join()
    {
        var values = ThreeDays();
        values.RowAt(Micros(2024, 1, 4) - 1, AsOfRule.Latest).ShouldBe(-1); // Wednesday's bar closes at Thursday 00:00
        values.RowAt(Micros(2024, 1, 4), AsOfRule.Latest).ShouldBe(0);
        values.RowAt(Micros(2024, 1, 6) - 1, AsOfRule.Latest).ShouldBe(1);
        values.RowAt(Micros(2024, 1, 7, 12), AsOfRule.Latest).ShouldBe(2); // Sunday: Friday's
        values.RowAt(Micros(2024, 1, 7, 12), new AsOfRule(Lag: 2)).ShouldBe(0);
        values.RowAt(Micros(2024, 1, 7, 12), new AsOfRule(Lag: 3)).ShouldBe(-1);
        // Friday's bar closed Saturday 00:00: 36 h before Sunday noon.
        values.RowAt(Micros(2024, 1, 7, 12), new AsOfRule(MaxStalenessMicros: 36L * 3600 * 1_000_000)).ShouldBe(2);
        values.RowAt(Micros(2024, 1, 7, 12), new AsOfRule(MaxStalenessMicros: 36L * 3600 * 1_000_000 - 1)).ShouldBe(-1);

        // The streaming join over the same instants as row closes agrees everywhere.
        long[] instants = [Micros(2024, 1, 4) - 1, Micros(2024, 1, 4), Micros(2024, 1, 5, 7), Micros(2024, 1, 6), Micros(2024, 1, 9)];
        var member = new MemberSeries("1d", values.Stamps, [values.Column("x")]);
        foreach (var rule in new[] { AsOfRule.Latest, new AsOfRule(1), new AsOfRule(0, 24L * 3600 * 1_000_000) })
        {
            AsOfJoiner.Match(instants, member, rule).ShouldBe(instants.Select(t => values.RowAt(t, rule)).ToArray());
        }
    }

    [Fact]
    public void The_search_from_the_end_finds_the_same_row_as_a_scan_at_every_instant()
    {
        var random = new Random(15);
        foreach (var length in new[] { 0, 1, 2, 3, 7, 64, 285 })
        {
            // Increasing, with repeats (two bars closing together), as bar closes can be.
            var closes = new long[length];
            for (var i = 1; i < length; i++) closes[i] = closes[i - 1] + random.Next(0, 3);
            for (var value = -2L; value <= (length == 0 ? 0 : closes[^1]) + 2; value++)
            {
                DatasetValues.UpperBound(closes, value).ShouldBe(closes.Count(c => c <= value), $"length {length}, value {value}");
            }
        }
    }

    [Fact]
    public void The_hashes_used_are_listed_once_each_in_ordinal_order()
    {
        var random = new Random(15);
        const string alphabet = "\0019aAbf~";
        var texts = Enumerable.Range(0, 400).Select(_ => new string([.. Enumerable.Range(0, random.Next(0, 7)).Select(_ => alphabet[random.Next(alphabet.Length)])])).ToList();
        texts.AddRange(Enumerable.Range(0, 100).Select(_ => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())));
        var grid = new string?[25, 21];
        for (var i = 0; i < grid.Length; i++) grid[i / 21, i % 21] = random.Next(10) == 0 ? null : texts[random.Next(texts.Count)];

        var expected = grid.Cast<string?>().OfType<string>().Distinct().ToList();
        expected.Sort(string.CompareOrdinal);
        SnapshotService.SortedHashes(grid).ShouldBe(expected);
    }

    [Fact]
    public void The_window_is_whole_months_ending_with_the_month_of_as_of()
    {
        var asOf = new DateTime(2024, 3, 17, 15, 30, 0, DateTimeKind.Utc);
        SnapshotWindow.For(asOf, "1d").ShouldBe((new DateTime(2023, 3, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2024, 4, 1, 0, 0, 0, DateTimeKind.Utc)));
        SnapshotWindow.For(asOf, "1h").ShouldBe((new DateTime(2024, 2, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2024, 4, 1, 0, 0, 0, DateTimeKind.Utc)));
        SnapshotWindow.For(asOf, "1mo").Start.ShouldBe(new DateTime(2019, 3, 1, 0, 0, 0, DateTimeKind.Utc));
        // Every instant of a month shares the window, so repeated snapshots share datasets.
        SnapshotWindow.For(new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Utc), "1d").ShouldBe(SnapshotWindow.For(asOf, "1d"));
    }

    [Fact]
    public void The_wide_layout_refuses_more_cells_than_its_maximum_naming_layout()
    {
        WideLayout.CheckCells(100, WideLayout.MaxCells / 100);
        var problem = Should.Throw<ProblemException>(() => WideLayout.CheckCells(101, WideLayout.MaxCells / 100));
        problem.Status.ShouldBe(422);
        problem.Errors!.Keys.ShouldBe(["layout"]);
    }
}
