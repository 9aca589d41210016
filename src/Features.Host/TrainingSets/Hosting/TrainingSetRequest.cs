using System.Text.Json;
using System.Text.Json.Serialization;

namespace Features.Host.TrainingSets.Hosting;

/// <summary>One member as stored on the job: the feature, the columns taken (null: all its output columns), alias, timeframe and as-of rule.</summary>
public sealed record TrainingSetMember(
    [property: JsonPropertyName("feature_id")] Guid FeatureId,
    [property: JsonPropertyName("columns")] string[]? Columns,
    [property: JsonPropertyName("alias")] string? Alias,
    [property: JsonPropertyName("timeframe")] string Timeframe,
    [property: JsonPropertyName("lag")] int Lag,
    [property: JsonPropertyName("max_staleness_seconds")] long? MaxStalenessSeconds);

/// <summary>A training-set job's request as stored (normalised: resolved symbols and features, UTC dates); label, processors and splits as sent, already validated.</summary>
public sealed record TrainingSetRequest(
    [property: JsonPropertyName("features")] TrainingSetMember[] Features,
    [property: JsonPropertyName("symbols")] string[] Symbols,
    [property: JsonPropertyName("timeframe")] string Timeframe,
    [property: JsonPropertyName("start_date")] DateTime StartDate,
    [property: JsonPropertyName("end_date")] DateTime EndDate,
    [property: JsonPropertyName("label")] JsonElement? Label,
    [property: JsonPropertyName("processors")] JsonElement? Processors,
    [property: JsonPropertyName("splits")] JsonElement? Splits,
    [property: JsonPropertyName("drop_incomplete_labels")] bool DropIncompleteLabels)
{
    public const string Kind = "training_set";

    public string ToJson() => JsonSerializer.Serialize(this);

    public static TrainingSetRequest Parse(string json) =>
        JsonSerializer.Deserialize<TrainingSetRequest>(json) ?? throw new InvalidOperationException("a training-set job without its request");

    public TrainingSetOptions Options() => TrainingSetOptionsParser.Parse(Label, Processors, Splits);
}
