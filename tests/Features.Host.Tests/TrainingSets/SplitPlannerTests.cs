using Features.Host.TrainingSets;

namespace Features.Host.Tests.TrainingSets;

public sealed class SplitPlannerTests
{
    /// <summary>T timestamps 0..T-1 (µs), 1..3 symbols each, random label spans starting at the row and ending up to 6 stamps later.</summary>
    private static RowTimeline RandomTimeline(int timestamps, int seed)
    {
        var random = new Random(seed);
        var timeline = new RowTimeline();
        for (var t = 0; t < timestamps; t++)
        {
            var symbols = random.Next(1, 4);
            for (var s = 0; s < symbols; s++)
            {
                var start = t + random.Next(0, 2);
                var end = random.Next(10) == 0 ? LabelColumn.NoStamp : start + random.Next(0, 7);
                timeline.Add(t, start, end);
            }
        }
        return timeline;
    }

    private static List<(long Row, long T, long Start, long End)> Rows(RowTimeline timeline)
    {
        var rows = new List<(long, long, long, long)>();
        for (var k = 0; k < timeline.TimestampCount; k++)
        {
            for (var row = timeline.FirstRow(k); row < timeline.FirstRow(k + 1); row++)
            {
                var (start, end) = timeline.Span(row, timeline.Timestamp(k));
                rows.Add((row, k, start, end));
            }
        }
        return rows;
    }

    private static HashSet<long> Expand(IEnumerable<long[]> ranges) =>
        [.. ranges.SelectMany(r => Enumerable.Range((int)r[0], (int)(r[1] - r[0])).Select(i => (long)i))];

    /// <summary>The rule written out row by row: overlap with any test row purges; then the embargo zone; else train.</summary>
    private static (HashSet<long> Train, long Purged, long Embargoed) BruteForce(RowTimeline timeline, HashSet<long> testTimestamps,
        Func<long, bool> inTrainWindow, Func<long, bool> inEmbargo)
    {
        var rows = Rows(timeline);
        var tests = rows.Where(r => testTimestamps.Contains(r.T)).ToList();
        var train = new HashSet<long>();
        long purged = 0, embargoed = 0;
        foreach (var row in rows.Where(r => !testTimestamps.Contains(r.T) && inTrainWindow(r.T)))
        {
            if (tests.Any(test => test.Start <= row.End && row.Start <= test.End)) purged++;
            else if (inEmbargo(row.T)) embargoed++;
            else train.Add(row.Row);
        }
        return (train, purged, embargoed);
    }

    [Theory]
    [InlineData(1, 5, 0.0)]
    [InlineData(2, 5, 0.05)]
    [InlineData(3, 4, 0.1)]
    [InlineData(4, 3, 0.2)]
    public void Purged_kfold_matches_brute_force_on_random_label_spans(int seed, int k, double embargoPct)
    {
        var timeline = RandomTimeline(97, seed);
        var manifest = SplitPlanner.Plan(new PurgedKFold(k, embargoPct), timeline);

        manifest.Splits.Count.ShouldBe(k);
        var h = (int)Math.Floor(embargoPct * 97);
        var groups = SplitPlanner.Groups(97, k);
        for (var f = 0; f < k; f++)
        {
            var (start, end) = groups[f];
            var expected = BruteForce(timeline, [.. Enumerable.Range(start, end - start).Select(t => (long)t)], _ => true, t => t >= end && t < end + h);
            var split = manifest.Splits[f];
            Expand(split.Train).SetEquals(expected.Train).ShouldBeTrue($"fold {f} train rows");
            (split.Purged, split.Embargoed).ShouldBe((expected.Purged, expected.Embargoed), $"fold {f}");
            Expand(split.Test).ShouldBe(Rows(timeline).Where(r => r.T >= start && r.T < end).Select(r => r.Row).ToHashSet(), ignoreOrder: true);
        }
        manifest.Splits.Sum(s => s.Purged).ShouldBeGreaterThan(0); // the random spans do cross fold edges
    }

    [Fact]
    public void Folds_cover_every_timestamp_once_split_as_numpy_array_split()
    {
        SplitPlanner.Groups(10, 3).ShouldBe([(0, 4), (4, 7), (7, 10)]);
    }

    [Fact]
    public void Cpcv_with_6_groups_and_2_test_groups_has_15_splits_and_5_paths_each_covering_every_group_once()
    {
        var timeline = RandomTimeline(60, 7);
        var manifest = SplitPlanner.Plan(new Cpcv(6, 2), timeline);

        manifest.Splits.Count.ShouldBe(15);
        manifest.Paths!.Count.ShouldBe(5);
        foreach (var path in manifest.Paths)
        {
            path.Count.ShouldBe(6);
            for (var g = 0; g < 6; g++) manifest.Splits[path[g]].TestGroups!.ShouldContain(g);
        }
        // Every (split, group) test block is used by exactly one path.
        manifest.Paths.SelectMany((path, p) => path.Select((split, g) => (split, g))).Distinct().Count().ShouldBe(30);
    }

    [Fact]
    public void Cpcv_splits_match_brute_force_with_purge_and_embargo_after_each_test_group()
    {
        var timeline = RandomTimeline(60, 11);
        var manifest = SplitPlanner.Plan(new Cpcv(5, 2, EmbargoPct: 0.05), timeline);
        var groups = SplitPlanner.Groups(60, 5);

        foreach (var split in manifest.Splits)
        {
            var tests = split.TestGroups!.Select(g => groups[g]).ToList();
            var expected = BruteForce(timeline,
                [.. tests.SelectMany(g => Enumerable.Range(g.Start, g.End - g.Start)).Select(t => (long)t)],
                _ => true, t => tests.Any(g => t >= g.End && t < g.End + 3));
            Expand(split.Train).SetEquals(expected.Train).ShouldBeTrue();
            (split.Purged, split.Embargoed).ShouldBe((expected.Purged, expected.Embargoed));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Walk_forward_matches_brute_force(bool expanding)
    {
        var timeline = RandomTimeline(50, 3);
        var manifest = SplitPlanner.Plan(new WalkForward(TrainBars: 20, TestBars: 10, StepBars: 10, EmbargoBars: 2, expanding), timeline);

        manifest.Splits.Count.ShouldBe(3); // tests start at 20, 30, 40
        for (var s = 0; s < 3; s++)
        {
            var testStart = 20 + 10 * s;
            var trainStart = expanding ? 0 : testStart - 20;
            var expected = BruteForce(timeline, [.. Enumerable.Range(testStart, 10).Select(t => (long)t)],
                t => t >= trainStart && t < testStart, t => t >= testStart - 2);
            Expand(manifest.Splits[s].Train).SetEquals(expected.Train).ShouldBeTrue();
            (manifest.Splits[s].Purged, manifest.Splits[s].Embargoed).ShouldBe((expected.Purged, expected.Embargoed));
        }
    }

    [Fact]
    public void Combinations_are_lexicographic()
    {
        SplitPlanner.Combinations(4, 2).Select(c => string.Join("", c)).ShouldBe(["01", "02", "03", "12", "13", "23"]);
    }
}
