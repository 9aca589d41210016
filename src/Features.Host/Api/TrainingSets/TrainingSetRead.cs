using System.Text.Json;
using Features.Host.Jobs;
using Features.Host.TrainingSets;

namespace Features.Host.Api.TrainingSets;

/// <summary>A training set as the API returns it: its job (status, progress), the content hash once built, the problem if it failed.</summary>
public sealed class TrainingSetRead
{
    public required JobRead Job { get; init; }
    public Guid Id => Job.Id;
    public string Status => Job.Status;
    public string? ContentHash { get; init; }
    public bool? Cached { get; init; }
    public JsonElement? Error { get; init; }

    /// <summary>Rows of the built data file (from its splits.json); null until built, and for sets built before it was recorded.</summary>
    public long? RowCount { get; init; }

    /// <summary>The built data file's columns in order; null like <see cref="RowCount"/>.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    public static TrainingSetRead From(JobProgress job, JobItem item, DateTime now, SplitManifest? built = null) => new()
    {
        Job = JobRead.From(job, now),
        ContentHash = item.VersionHash,
        Cached = item.Cached,
        Error = item.ErrorJson is null ? null : JsonDocument.Parse(item.ErrorJson).RootElement.Clone(),
        RowCount = built?.RowCount,
        Columns = built?.Columns,
    };
}

public sealed class TrainingSetRoute
{
    [FastEndpoints.BindFrom("training_set_id")]
    public Guid TrainingSetId { get; set; }

    public string? Format { get; set; }

    /// <summary><c>long</c> (default, as stored) or <c>wide</c> (one row per timestamp, columns <c>&lt;symbol&gt;__&lt;column&gt;</c>).</summary>
    public string? Layout { get; set; }
}
