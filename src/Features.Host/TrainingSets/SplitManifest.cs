namespace Features.Host.TrainingSets;

/// <summary>
/// splits.json: per split the half-open row-index ranges of its training and test rows in the file's row order,
/// how many rows purging and the embargo removed from training; for CPCV the test groups of each split and
/// the paths (for each path, the split whose test block supplies each group, in group order).
/// </summary>
public sealed record SplitManifest(string Kind, IReadOnlyList<Split> Splits, IReadOnlyList<IReadOnlyList<int>>? Paths = null);

public sealed record Split(IReadOnlyList<long[]> Train, IReadOnlyList<long[]> Test, long Purged, long Embargoed)
{
    public IReadOnlyList<int>? TestGroups { get; init; }

    /// <summary>Fit-on-train statistics of this split (per processor and column), when the request has such processors.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, FittedStatistics>>? Fitted { get; init; }
}

public sealed record FittedStatistics(double Median, double Mad);
