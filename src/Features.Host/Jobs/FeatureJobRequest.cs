using System.Text.Json;
using System.Text.Json.Serialization;

namespace Features.Host.Jobs;

/// <summary>What a feature job computes, as stored on the job (normalised: UTC dates, the resolved feature ids).</summary>
public sealed record FeatureJobRequest(
    [property: JsonPropertyName("feature_set_id")] Guid? FeatureSetId,
    [property: JsonPropertyName("feature_ids")] Guid[] FeatureIds,
    [property: JsonPropertyName("universe")] string Universe,
    [property: JsonPropertyName("timeframe")] string Timeframe,
    [property: JsonPropertyName("start_date")] DateTime StartDate,
    [property: JsonPropertyName("end_date")] DateTime EndDate,
    [property: JsonPropertyName("regenerate")] bool Regenerate)
{
    public const string Kind = "features";

    public string ToJson() => JsonSerializer.Serialize(this);

    public static FeatureJobRequest Parse(string json) =>
        JsonSerializer.Deserialize<FeatureJobRequest>(json) ?? throw new InvalidOperationException("a feature job without its request");
}

/// <summary>The universe of a submission: listed symbols, every symbol with bars, or those starting with a prefix.</summary>
public sealed record Universe(IReadOnlyList<string>? Symbols, bool All, string? Prefix)
{
    public string Describe() => All ? "all" : Prefix is not null ? $"prefix:{Prefix}" : string.Join(",", Symbols!.Take(20)) + (Symbols!.Count > 20 ? $",... ({Symbols.Count})" : "");
}
