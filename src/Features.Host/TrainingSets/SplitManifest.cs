using System.Text.Json;
using System.Text.Json.Serialization;

namespace Features.Host.TrainingSets;

/// <summary>
/// splits.json: per split the half-open row-index ranges of its training and test rows in the file's row order,
/// how many rows purging and the embargo removed from training; for CPCV the test groups of each split and
/// the paths (for each path, the split whose test block supplies each group, in group order). It also names what the
/// data file holds (rows, columns), so a set's read can say so without opening the Parquet file.
/// </summary>
public sealed record SplitManifest(string Kind, IReadOnlyList<Split> Splits, IReadOnlyList<IReadOnlyList<int>>? Paths = null)
{
    /// <summary>Rows of data.parquet; absent in sets built before it was recorded here.</summary>
    public long? RowCount { get; init; }

    /// <summary>Columns of data.parquet in file order; absent in sets built before it was recorded here.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>How splits.json is written and read: snake_case, nulls left out.</summary>
    public static JsonSerializerOptions Json { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}

public sealed record Split(IReadOnlyList<long[]> Train, IReadOnlyList<long[]> Test, long Purged, long Embargoed)
{
    public IReadOnlyList<int>? TestGroups { get; init; }

    /// <summary>Fit-on-train statistics of this split (per processor and column), when the request has such processors.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, FittedStatistics>>? Fitted { get; init; }
}

public sealed record FittedStatistics(double Median, double Mad);
