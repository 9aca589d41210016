namespace Features.Host.TrainingSets;

/// <summary>
/// Fit-on-train processors: their statistics come from each split's training rows only, never from its test rows,
/// so one file cannot hold their output for every split. The file keeps the values before them, and each split
/// of the manifest carries the fitted statistics (median and MAD per column) to apply: (x − median) / (1.4826·MAD),
/// clipped to ±clip.
/// </summary>
public static class TrainFit
{
    public const double MadToStd = 1.4826;

    public static async Task<SplitManifest> FitAsync(string parquetPath, SplitManifest manifest, IReadOnlyList<ProcessorSpec> processors,
        IReadOnlyList<string> featureNames, CancellationToken ct)
    {
        var fitted = manifest.Splits.Select(_ => new Dictionary<string, IReadOnlyDictionary<string, FittedStatistics>>()).ToList();
        foreach (var (processor, p) in processors.Select((x, i) => (x, i)))
        {
            var key = $"{p}:robust_zscore";
            var perSplit = manifest.Splits.Select(_ => new Dictionary<string, FittedStatistics>()).ToList();
            foreach (var index in processor.Columns.Resolve(featureNames))
            {
                var name = index == RowBlock.LabelIndex ? "label" : featureNames[index];
                var values = await ReadColumnAsync(parquetPath, name, ct);
                for (var s = 0; s < manifest.Splits.Count; s++) perSplit[s][name] = Statistics(values, manifest.Splits[s].Train);
            }
            for (var s = 0; s < manifest.Splits.Count; s++) fitted[s][key] = perSplit[s];
        }
        return manifest with { Splits = [.. manifest.Splits.Select((split, s) => split with { Fitted = fitted[s] })] };
    }

    /// <summary>Median and median absolute deviation of the non-null values in the row ranges.</summary>
    public static FittedStatistics Statistics(double[] values, IReadOnlyList<long[]> ranges)
    {
        var taken = new List<double>();
        foreach (var range in ranges)
        {
            for (var r = range[0]; r < range[1]; r++) if (!double.IsNaN(values[r])) taken.Add(values[r]);
        }
        if (taken.Count == 0) return new FittedStatistics(double.NaN, double.NaN);
        var sorted = taken.ToArray();
        Array.Sort(sorted);
        var median = CrossSection.Quantile(sorted, 0.5);
        for (var i = 0; i < sorted.Length; i++) sorted[i] = Math.Abs(sorted[i] - median);
        Array.Sort(sorted);
        return new FittedStatistics(median, CrossSection.Quantile(sorted, 0.5));
    }

    /// <summary>Applies fitted statistics to one value.</summary>
    public static double Apply(double value, FittedStatistics fit, double clip) =>
        Math.Clamp((value - fit.Median) / (MadToStd * fit.Mad + 1e-12), -clip, clip);

    private static async Task<double[]> ReadColumnAsync(string parquetPath, string name, CancellationToken ct)
    {
        using var file = new ParquetSharp.Arrow.FileReader(parquetPath);
        var index = file.Schema.GetFieldIndex(name);
        var values = new List<double>();
        using var reader = file.GetRecordBatchReader(columns: [index]);
        while (await reader.ReadNextRecordBatchAsync(ct) is { } batch)
        {
            using (batch)
            {
                var column = (Apache.Arrow.DoubleArray)batch.Column(0);
                for (var i = 0; i < column.Length; i++) values.Add(column.GetValue(i) ?? double.NaN);
            }
        }
        return [.. values];
    }
}
