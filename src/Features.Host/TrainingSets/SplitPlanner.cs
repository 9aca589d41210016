namespace Features.Host.TrainingSets;

/// <summary>
/// Cuts purged and embargoed splits by time (docs/TRAINING_SETS.md, "Splits"). Test rows are whole timestamps;
/// a candidate training row is purged when its label span [label_start, label_end] overlaps the span of any
/// test row, otherwise embargoed when its timestamp falls in an embargo zone; a row that is both counts as purged.
/// </summary>
public static class SplitPlanner
{
    public static SplitManifest Plan(SplitSpec spec, RowTimeline timeline) => spec switch
    {
        PurgedKFold k => KFold(k, timeline),
        WalkForward w => Walk(w, timeline),
        Cpcv c => Combinatorial(c, timeline),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec, "unknown split kind"),
    };

    /// <summary>Timestamp groups as numpy.array_split cuts T into n: the first T mod n groups one longer.</summary>
    public static (int Start, int End)[] Groups(int timestamps, int n)
    {
        var groups = new (int, int)[n];
        var start = 0;
        for (var g = 0; g < n; g++)
        {
            var size = timestamps / n + (g < timestamps % n ? 1 : 0);
            groups[g] = (start, start + size);
            start += size;
        }
        return groups;
    }

    private static SplitManifest KFold(PurgedKFold spec, RowTimeline timeline)
    {
        var t = timeline.TimestampCount;
        var embargo = (int)Math.Floor(spec.EmbargoPct * t);
        var splits = Groups(t, spec.K)
            .Select(fold => Evaluate(timeline, [fold], [(0, t)], [(fold.End, Math.Min(t, fold.End + embargo))]))
            .ToList();
        return new SplitManifest(spec.Kind, splits);
    }

    private static SplitManifest Walk(WalkForward spec, RowTimeline timeline)
    {
        var t = timeline.TimestampCount;
        var splits = new List<Split>();
        for (var testStart = spec.TrainBars; testStart + spec.TestBars <= t; testStart += spec.StepBars)
        {
            var trainStart = spec.Expanding ? 0 : testStart - spec.TrainBars;
            var test = (testStart, testStart + spec.TestBars);
            splits.Add(Evaluate(timeline, [test], [(trainStart, testStart)], [(Math.Max(trainStart, testStart - spec.EmbargoBars), testStart)]));
        }
        return new SplitManifest(spec.Kind, splits);
    }

    private static SplitManifest Combinatorial(Cpcv spec, RowTimeline timeline)
    {
        var t = timeline.TimestampCount;
        var groups = Groups(t, spec.NGroups);
        var embargo = (int)Math.Floor(spec.EmbargoPct * t);
        var combinations = Combinations(spec.NGroups, spec.NTestGroups).ToList();
        var splits = combinations.Select(chosen =>
        {
            var tests = chosen.Select(g => groups[g]).ToList();
            var zones = tests.Select(test => (test.End, Math.Min(t, test.End + embargo))).ToList();
            return Evaluate(timeline, tests, [(0, t)], zones) with { TestGroups = chosen };
        }).ToList();
        return new SplitManifest(spec.Kind, splits, Paths(spec.NGroups, combinations));
    }

    /// <summary>Path p takes, for each group, the p-th split (in split order) that tests that group.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Paths(int groups, IReadOnlyList<int[]> combinations)
    {
        var testing = Enumerable.Range(0, groups)
            .Select(g => Enumerable.Range(0, combinations.Count).Where(s => combinations[s].Contains(g)).ToList())
            .ToList();
        var pathCount = testing.Count == 0 ? 0 : testing[0].Count;
        return [.. Enumerable.Range(0, pathCount).Select(p => (IReadOnlyList<int>)[.. testing.Select(splitsOfGroup => splitsOfGroup[p])])];
    }

    /// <summary>Every k-subset of 0..n-1 in lexicographic order.</summary>
    public static IEnumerable<int[]> Combinations(int n, int k)
    {
        var chosen = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])chosen.Clone();
            var i = k - 1;
            while (i >= 0 && chosen[i] == n - k + i) i--;
            if (i < 0) yield break;
            chosen[i]++;
            for (var j = i + 1; j < k; j++) chosen[j] = chosen[j - 1] + 1;
        }
    }

    /// <summary>
    /// One split: test = the rows of the <paramref name="tests"/> timestamp ranges; training candidates = the rows of the
    /// <paramref name="trainWindows"/> outside them, less purged ones, less those in an <paramref name="embargoZones"/> range.
    /// </summary>
    private static Split Evaluate(RowTimeline timeline, IReadOnlyList<(int Start, int End)> tests,
        IReadOnlyList<(int Start, int End)> trainWindows, IReadOnlyList<(int Start, int End)> embargoZones)
    {
        var testSpans = MergedTestSpans(timeline, tests);
        var train = new RangeBuilder();
        var test = new RangeBuilder();
        long purged = 0, embargoed = 0;
        for (var k = 0; k < timeline.TimestampCount; k++)
        {
            var first = timeline.FirstRow(k);
            var last = timeline.FirstRow(k + 1);
            if (Inside(k, tests))
            {
                test.Add(first, last);
                continue;
            }
            if (!Inside(k, trainWindows)) continue;
            var inEmbargo = Inside(k, embargoZones);
            var stamp = timeline.Timestamp(k);
            for (var row = first; row < last; row++)
            {
                if (Overlaps(testSpans, timeline.Span(row, stamp))) purged++;
                else if (inEmbargo) embargoed++;
                else train.Add(row, row + 1);
            }
        }
        return new Split(train.Ranges, test.Ranges, purged, embargoed);
    }

    private static bool Inside(int timestamp, IReadOnlyList<(int Start, int End)> ranges)
    {
        foreach (var (start, end) in ranges) if (timestamp >= start && timestamp < end) return true;
        return false;
    }

    /// <summary>The union of the test rows' closed spans as disjoint closed intervals sorted by start.</summary>
    private static List<(long Start, long End)> MergedTestSpans(RowTimeline timeline, IReadOnlyList<(int Start, int End)> tests)
    {
        var spans = new List<(long Start, long End)>();
        foreach (var (start, end) in tests)
        {
            for (var k = start; k < end; k++)
            {
                var stamp = timeline.Timestamp(k);
                for (var row = timeline.FirstRow(k); row < timeline.FirstRow(k + 1); row++) spans.Add(timeline.Span(row, stamp));
            }
        }
        spans.Sort();
        var merged = new List<(long Start, long End)>();
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.Start <= merged[^1].End) merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, span.End));
            else merged.Add(span);
        }
        return merged;
    }

    private static bool Overlaps(List<(long Start, long End)> merged, (long Start, long End) span)
    {
        // The first merged interval ending at or after the span's start is the only one that can overlap it first.
        int lo = 0, hi = merged.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (merged[mid].End < span.Start) lo = mid + 1;
            else hi = mid;
        }
        return lo < merged.Count && merged[lo].Start <= span.End;
    }

    /// <summary>Collects half-open row ranges, joining adjacent ones.</summary>
    private sealed class RangeBuilder
    {
        public List<long[]> Ranges { get; } = [];

        public void Add(long start, long end)
        {
            if (start >= end) return;
            if (Ranges.Count > 0 && Ranges[^1][1] == start) Ranges[^1][1] = end;
            else Ranges.Add([start, end]);
        }
    }
}
