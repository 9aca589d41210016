namespace Features.Host.TrainingSets;

/// <summary>In-place transforms of the rows [start, end) of one timestamp; NaN (null) stays NaN and is ignored by the statistics.</summary>
public static class CrossSection
{
    public static void ZScore(double[] values, int start, int end)
    {
        double sum = 0;
        var n = 0;
        for (var i = start; i < end; i++) if (!double.IsNaN(values[i])) { sum += values[i]; n++; }
        var mean = n > 0 ? sum / n : double.NaN;
        double squares = 0;
        for (var i = start; i < end; i++) if (!double.IsNaN(values[i])) squares += (values[i] - mean) * (values[i] - mean);
        var std = n > 1 ? Math.Sqrt(squares / (n - 1)) : double.NaN;
        for (var i = start; i < end; i++)
        {
            if (double.IsNaN(values[i])) continue;
            values[i] = std > 0 ? (values[i] - mean) / std : double.NaN;
        }
    }

    public static void PercentRank(double[] values, int start, int end)
    {
        var present = Present(values, start, end);
        present.Sort((a, b) => values[a].CompareTo(values[b]));
        var ranks = new double[present.Count];
        for (var i = 0; i < present.Count;)
        {
            var j = i;
            while (j + 1 < present.Count && values[present[j + 1]] == values[present[i]]) j++;
            var average = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++) ranks[k] = average / present.Count;
            i = j + 1;
        }
        for (var k = 0; k < present.Count; k++) values[present[k]] = ranks[k];
    }

    public static void Winsorize(double[] values, int start, int end, double lower, double upper)
    {
        var sorted = Present(values, start, end).Select(i => values[i]).ToArray();
        if (sorted.Length == 0) return;
        Array.Sort(sorted);
        var low = Quantile(sorted, lower);
        var high = Quantile(sorted, 1 - upper);
        for (var i = start; i < end; i++) if (!double.IsNaN(values[i])) values[i] = Math.Clamp(values[i], low, high);
    }

    /// <summary>Linear interpolation between the order statistics around q·(n − 1), as numpy's default quantile.</summary>
    public static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }

    private static List<int> Present(double[] values, int start, int end)
    {
        var present = new List<int>(end - start);
        for (var i = start; i < end; i++) if (!double.IsNaN(values[i])) present.Add(i);
        return present;
    }
}
