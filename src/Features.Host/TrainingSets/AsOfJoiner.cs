namespace Features.Host.TrainingSets;

/// <summary>
/// The point-in-time join of one member series onto one symbol's row grid: for each row, the member's
/// latest bar whose close is at or before the row's bar close (<see cref="BarClose"/>), then <c>lag</c>
/// bars further back, null when older than <c>max_staleness</c>. A streaming merge: both sides ascend,
/// so one forward pass, no search, no allocation beyond the output.
/// </summary>
public static class AsOfJoiner
{
    /// <summary>For each row, the index of the member bar it sees, or -1 (nothing visible, lagged before the start, or stale).</summary>
    public static int[] Match(long[] rowCloses, MemberSeries member, AsOfRule rule)
    {
        var memberCloses = BarClose.Of(member.Timestamps, member.Timeframe);
        var matches = new int[rowCloses.Length];
        var latest = -1;
        for (var r = 0; r < rowCloses.Length; r++)
        {
            while (latest + 1 < memberCloses.Length && memberCloses[latest + 1] <= rowCloses[r]) latest++;
            var used = latest - rule.Lag;
            if (latest < 0 || used < 0) matches[r] = -1;
            else if (rule.MaxStalenessMicros is { } limit && rowCloses[r] - memberCloses[used] > limit) matches[r] = -1;
            else matches[r] = used;
        }
        return matches;
    }

    /// <summary>Fills <paramref name="targets"/> (one array per member column, one slot per row) with the joined values, NaN for null.</summary>
    public static void Join(long[] rowCloses, MemberSeries member, AsOfRule rule, IReadOnlyList<double[]> targets)
    {
        var matches = Match(rowCloses, member, rule);
        for (var c = 0; c < targets.Count; c++)
        {
            var source = member.Columns[c];
            var target = targets[c];
            for (var r = 0; r < matches.Length; r++) target[r] = matches[r] < 0 ? double.NaN : source[matches[r]];
        }
    }
}
