using System.Text.Json;
using Features.Host.Errors;

namespace Features.Host.Jobs;

/// <summary>
/// Runs the items of one kind of job (features over a universe; a training set could be another). The engine hands it
/// a chunk's unfinished items; the handler reports each item's outcome through <paramref name="record"/> as soon as it
/// has it (so a retried chunk redoes only what was not recorded). A transient failure (database or object store
/// unreachable) should propagate: the engine retries the chunk with back-off. Anything else is an item's failure.
/// </summary>
public interface IJobHandler
{
    string Kind { get; }

    Task RunAsync(JobRecord job, IReadOnlyList<JobItem> items, Func<IReadOnlyList<ItemOutcome>, Task> record, CancellationToken ct);
}

/// <summary>How one item ended: a dataset (computed, or found recorded), or a problem detail.</summary>
public sealed record ItemOutcome(int Seq, string Status, Guid? DatasetId, string? VersionHash, bool? Cached, string? ErrorJson)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static ItemOutcome Succeeded(int seq, Guid datasetId, string versionHash, bool cached) =>
        new(seq, ItemStatus.Succeeded, datasetId, versionHash, cached, null);

    public static ItemOutcome Failed(int seq, ProblemException problem) => new(seq, ItemStatus.Failed, null, null, null, ProblemJson(problem));

    /// <summary>The problem detail a single generate would answer, as JSON (type, title, status, detail, errors).</summary>
    public static string ProblemJson(ProblemException p) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["type"] = $"https://httpstatuses.io/{p.Status}",
        ["title"] = p.Title,
        ["status"] = p.Status,
        ["detail"] = p.Detail,
        ["errors"] = p.Errors,
    }.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value), Json);
}
