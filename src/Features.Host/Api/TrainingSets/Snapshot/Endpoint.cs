using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FastEndpoints;
using Features.Host.Errors;
using Features.Host.Jobs;
using Features.Host.Security;
using Features.Host.TrainingSets.Snapshots;
using Features.Host.Validation;
using FluentValidation;

namespace Features.Host.Api.TrainingSets.Snapshot;

public sealed class Request
{
    public Guid? FeatureSetId { get; set; }
    public List<MemberRequest>? Features { get; set; }
    /// <summary>A list of symbols, <c>{"all": true}</c> or <c>{"prefix": "S0"}</c>.</summary>
    public JsonElement? Symbols { get; set; }
    public string? Timeframe { get; set; } = "1d";
    /// <summary>The instant, with its zone (<c>2024-01-02T15:30:00Z</c> or <c>+01:00</c>); a zone-less text is refused, never assumed UTC.</summary>
    public string? AsOf { get; set; }
    /// <summary><c>long</c> (default: a row per symbol) or <c>wide</c> (one row, columns <c>&lt;symbol&gt;__&lt;column&gt;</c>).</summary>
    public string? Layout { get; set; }
}

public sealed class DatasetsUsed
{
    public int Count { get; init; }
    public int Computed { get; init; }
    public required IReadOnlyList<string> VersionHashes { get; init; }
}

public sealed class Response
{
    public DateTime AsOf { get; init; }
    public required string Timeframe { get; init; }
    public required string Layout { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }
    public required SnapshotRows Rows { get; init; }
    public required DatasetsUsed Datasets { get; init; }
}

/// <summary>
/// The rows: long, an object per symbol <c>{symbol, timestamp, &lt;columns&gt;}</c>; wide, one object
/// <c>{timestamp, &lt;symbol&gt;__&lt;column&gt;}</c> (null for a value not known). Written straight from the snapshot by
/// <see cref="SnapshotRowsJson"/>: 500 symbols × 38 columns is 1.1 MB of JSON, and a dictionary per row with a boxed
/// value per cell cost as much CPU as finding the values (docs/BENCHMARKS.md, "Snapshot").
/// </summary>
[JsonConverter(typeof(SnapshotRowsJson))]
public sealed class SnapshotRows(SnapshotResult result, IReadOnlyList<string>? wideColumns)
{
    internal SnapshotResult Result { get; } = result;

    /// <summary>The wide layout's column names (symbol-major), or null for the long layout.</summary>
    internal IReadOnlyList<string>? WideColumns { get; } = wideColumns;
}

internal sealed class SnapshotRowsJson : JsonConverter<SnapshotRows>
{
    private static readonly JsonEncodedText Symbol = JsonEncodedText.Encode("symbol");
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");

    public override SnapshotRows Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("snapshot rows are only written");

    public override void Write(Utf8JsonWriter writer, SnapshotRows rows, JsonSerializerOptions options)
    {
        var result = rows.Result;
        writer.WriteStartArray();
        if (rows.WideColumns is { } wide)
        {
            writer.WriteStartObject();
            writer.WriteString(Timestamp, result.AsOf);
            var k = 0;
            foreach (var row in result.Rows)
            {
                foreach (var value in row.Values) Cell(writer, JsonEncodedText.Encode(wide[k++], options.Encoder), value);
            }
            writer.WriteEndObject();
        }
        else
        {
            var names = result.Columns.Select(c => JsonEncodedText.Encode(c, options.Encoder)).ToArray();
            foreach (var row in result.Rows)
            {
                writer.WriteStartObject();
                writer.WriteString(Symbol, row.Symbol);
                if (row.Timestamp is { } t) writer.WriteString(Timestamp, DateTime.UnixEpoch.AddTicks(t * 10));
                else writer.WriteNull(Timestamp);
                for (var c = 0; c < names.Length; c++) Cell(writer, names[c], row.Values[c]);
                writer.WriteEndObject();
            }
        }
        writer.WriteEndArray();
    }

    private static void Cell(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        if (double.IsNaN(value)) writer.WriteNull(name);
        else writer.WriteNumber(name, value);
    }
}

internal static partial class AsOfText
{
    [GeneratedRegex(@"T.*(Z|[+-]\d{2}(:?\d{2})?)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WithZone();

    /// <summary>The instant in UTC to the microsecond (bar time's resolution), or null with the reason.</summary>
    public static DateTime? Parse(string? text, out string problem)
    {
        problem = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "is required: the instant the snapshot is taken at, with its zone (e.g. 2024-01-02T15:30:00Z)";
            return null;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) || parsed.Year is < 1900 or > 2200)
        {
            problem = $"'{UserText.Shorten(text)}' is not an ISO 8601 instant such as 2024-01-02T15:30:00Z";
            return null;
        }
        if (!WithZone().IsMatch(text.Trim()))
        {
            problem = $"'{UserText.Shorten(text)}' has no zone; give one (2024-01-02T15:30:00Z or +01:00): a snapshot never assumes UTC";
            return null;
        }
        var utc = parsed.UtcDateTime;
        return new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
    }
}

internal sealed class Validator : RequestValidator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Timeframe ?? "1d").Timeframe().OverridePropertyName(nameof(Request.Timeframe));
        this.Members(r => r.Features);
        RuleFor(r => r.AsOf).Must(t => AsOfText.Parse(t, out _) is not null).WithMessage((_, t) => { AsOfText.Parse(t, out var problem); return problem; });
        RuleFor(r => r.Layout).Must(l => l is null or "long" or "wide").WithMessage((_, l) => $"'{l}' is not a layout; use long or wide");
    }
}

internal sealed class Endpoint(SnapshotService snapshots) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/api/v1/training-sets/snapshot");
        // Writer: a snapshot computes and stores the member datasets it does not find (docs/TRAINING_SETS.md, "Snapshot").
        Policies(Access.Writer);
        Description(d => d.WithTags("training-sets").Produces<Response>(200).ProducesProblemDetails(422));
        Summary(s => s.Summary = "Every symbol's feature vector as it was known at as_of, from the stored datasets (computing only what is missing)");
    }

    public override async Task HandleAsync(Request req, CancellationToken ct)
    {
        var timeframe = req.Timeframe ?? "1d";
        var wide = req.Layout == "wide";
        var query = new SnapshotQuery(req.FeatureSetId, req.Features?.Select(m => m.ToMember(timeframe)).ToList(), FeatureJobs.ParseUniverse(req.Symbols),
            timeframe, AsOfText.Parse(req.AsOf, out _)!.Value, wide);
        var result = await snapshots.TakeAsync(query, ct);
        var columns = wide ? WideColumns(result) : result.Columns;
        await Send.OkAsync(new Response
        {
            AsOf = result.AsOf,
            Timeframe = result.Timeframe,
            Layout = wide ? "wide" : "long",
            Columns = columns,
            Rows = new SnapshotRows(result, wide ? columns : null),
            Datasets = new DatasetsUsed { Count = result.DatasetHashes.Count, Computed = result.Computed, VersionHashes = result.DatasetHashes },
        }, ct);
    }

    /// <summary>The wide layout's columns: <c>&lt;symbol&gt;__&lt;column&gt;</c> for each symbol (ordinal order), then each column.</summary>
    private static List<string> WideColumns(SnapshotResult result)
    {
        var columns = new List<string>(result.Rows.Count * result.Columns.Count);
        foreach (var row in result.Rows) columns.AddRange(result.Columns.Select(c => $"{row.Symbol}__{c}"));
        return columns;
    }
}
