using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Features.Host.Delimited;
using Features.Host.MarketData;

namespace Features.Host.News;

/// <summary>An item read from an upload, with the line it started on.</summary>
public sealed record ParsedNewsItem(int Line, string Id, long PublishedAt, IReadOnlyList<string> Symbols, string Headline,
    string? Body, string? Source, double? Relevance, double? Sentiment, double? Novelty);

/// <summary>
/// Reads news uploads: JSON Lines (one object per line: <c>id</c>, <c>published_at</c>, <c>symbols</c>, <c>headline</c>,
/// optional <c>body</c>, <c>source</c>, <c>relevance</c>, <c>sentiment</c>, <c>novelty</c>; other fields are ignored) or CSV
/// (RFC 4180 with a header naming the same columns, parsed by Sep through <see cref="DelimitedReader"/>; <c>symbols</c> separated by <c>;</c>, <c>|</c>, commas or
/// spaces). <c>published_at</c> is ISO 8601 with a zone (<c>Z</c> or an offset): a time without one is refused, never
/// guessed. The first malformed line stops the read with a <see cref="NewsFileException"/> naming it.
/// </summary>
public static partial class NewsFileReader
{
    private static readonly DelimitedError Error = (line, field, message) => new NewsFileException(line, field, message);

    private static readonly string[] Columns = ["id", "published_at", "symbols", "headline", "body", "source", "relevance", "sentiment", "novelty"];

    /// <summary>True for JSON Lines, judged by content type, file name, then the first character.</summary>
    public static bool IsJsonLines(string? contentType, string? fileName, string text)
    {
        if (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true) return true;
        if (contentType?.Contains("csv", StringComparison.OrdinalIgnoreCase) == true) return false;
        if (fileName is not null && (fileName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) ||
                                     fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))) return true;
        if (fileName?.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) == true) return false;
        return text.AsSpan().TrimStart().StartsWith("{");
    }

    public static List<ParsedNewsItem> Read(string text, bool jsonLines, int maxItems)
    {
        var items = jsonLines ? ReadJsonLines(text, maxItems) : ReadCsv(text, maxItems);
        if (items.Count == 0) throw new NewsFileException(1, "file", "the upload holds no news items");
        return items;
    }

    private static List<ParsedNewsItem> ReadJsonLines(string text, int maxItems)
    {
        var items = new List<ParsedNewsItem>();
        var line = 0;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            line++;
            if (raw.IsWhiteSpace()) continue;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(raw.ToString());
            }
            catch (JsonException e)
            {
                throw new NewsFileException(line, "json", $"not a JSON object: {e.Message}");
            }
            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new NewsFileException(line, "json", "each line must be one JSON object");
                var fields = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
                foreach (var p in doc.RootElement.EnumerateObject()) fields[p.Name] = p.Value;
                Add(items, maxItems, new Fields(line, name => fields.TryGetValue(name, out var v) ? JsonText(v, line, name) : null,
                    name => fields.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.Array ? JsonStrings(v, line, name) : null));
            }
        }
        return items;
    }

    private static List<ParsedNewsItem> ReadCsv(string text, int maxItems)
    {
        var items = new List<ParsedNewsItem>();
        using var file = DelimitedReader.Open(text, DelimitedFormat.Csv, Error);
        if (file.IsEmpty) throw new NewsFileException(1, "file", "the file is empty; expected a header such as id,published_at,symbols,headline");
        var names = file.Names;
        foreach (var required in Columns.Take(4))
        {
            if (!names.Contains(required)) throw new NewsFileException(1, required, $"missing column {required}; the header must name id, published_at, symbols and headline");
        }
        var index = Columns.ToDictionary(c => c, file.IndexOf);
        foreach (var row in file)
        {
            var line = row.LineNumberFrom;
            var values = new string?[names.Count];
            for (var i = 0; i < values.Length; i++) values[i] = row[i].Span.ToString();
            Add(items, maxItems, new Fields(line, name => index[name] >= 0 && values[index[name]] is { Length: > 0 } v ? v : null, _ => null));
        }
        return items;
    }

    /// <summary>One item's fields by name, however the format holds them.</summary>
    private sealed record Fields(int Line, Func<string, string?> Text, Func<string, IReadOnlyList<string>?> List);

    private static void Add(List<ParsedNewsItem> items, int maxItems, Fields f)
    {
        if (items.Count >= maxItems) throw new NewsFileException(f.Line, "file", $"more than {maxItems} items in one upload (Features:News:MaxItemsPerUpload); split the file");
        var line = f.Line;
        var id = Required(f, "id", NewsLimits.MaxIdLength);
        var published = PublishedAt(Required(f, "published_at", 64), line);
        var symbols = SymbolsOf(f, line);
        var headline = Required(f, "headline", NewsLimits.MaxHeadlineLength);
        var body = Optional(f, "body", NewsLimits.MaxBodyLength);
        var source = Optional(f, "source", NewsLimits.MaxSourceLength);
        items.Add(new ParsedNewsItem(line, id, published, symbols, headline, body, source,
            Score(f, "relevance", 0, 1), Score(f, "sentiment", -1, 1), Score(f, "novelty", 0, 1)));
    }

    private static string Required(Fields f, string name, int maxLength) =>
        Optional(f, name, maxLength) ?? throw new NewsFileException(f.Line, name, $"{name} is missing or empty");

    private static string? Optional(Fields f, string name, int maxLength)
    {
        var text = f.Text(name)?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length > maxLength) throw new NewsFileException(f.Line, name, $"{name} is {text.Length} characters long; at most {maxLength}");
        return text;
    }

    private static double? Score(Fields f, string name, double min, double max)
    {
        var text = f.Text(name)?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new NewsFileException(f.Line, name, $"{name} '{Shorten(text)}' is not a number");
        }
        if (value < min || value > max) throw new NewsFileException(f.Line, name, $"{name} {value.ToString(CultureInfo.InvariantCulture)} is outside {min}..{max}");
        return value;
    }

    private static IReadOnlyList<string> SymbolsOf(Fields f, int line)
    {
        var listed = f.List("symbols") ?? (f.Text("symbols") is { } text ? SymbolSeparators().Split(text) : null);
        var symbols = (listed ?? []).Select(s => s.Trim().ToUpperInvariant()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (symbols.Count == 0) throw new NewsFileException(line, "symbols", "symbols is missing or empty; name at least one symbol");
        if (symbols.Count > NewsLimits.MaxSymbolsPerItem) throw new NewsFileException(line, "symbols", $"{symbols.Count} symbols; at most {NewsLimits.MaxSymbolsPerItem} per item");
        var bad = symbols.FirstOrDefault(s => !Symbols.IsValid(s));
        if (bad is not null) throw new NewsFileException(line, "symbols", $"'{Shorten(bad)}' is not a symbol ({Symbols.Rule})");
        return symbols;
    }

    /// <summary>ISO 8601 with a zone, to Unix microseconds UTC.</summary>
    public static long PublishedAt(string text, int line)
    {
        if (!ZonePattern().IsMatch(text))
        {
            throw new NewsFileException(line, "published_at", $"'{Shorten(text)}' has no time zone; write it as ISO 8601 with Z or an offset, e.g. 2024-03-01T14:30:00Z or 2024-03-01T09:30:00-05:00");
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            throw new NewsFileException(line, "published_at", $"'{Shorten(text)}' is not an ISO 8601 date and time");
        }
        return (time.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
    }

    private static string? JsonText(JsonElement value, int line, string name) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array => null,
        _ => throw new NewsFileException(line, name, $"{name} must be a string or a number, not {value.ValueKind.ToString().ToLowerInvariant()}"),
    };

    private static IReadOnlyList<string> JsonStrings(JsonElement array, int line, string name) =>
        [.. array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new NewsFileException(line, name, $"{name} must be an array of strings"))];

    private static string Shorten(string text) => Errors.UserText.Shorten(text);

    // A date, a time, then Z or ±hh:mm / ±hhmm / ±hh.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?([Zz]|[+-]\d{2}(:?\d{2})?)$")]
    private static partial Regex ZonePattern();

    [GeneratedRegex(@"[;|,\s]+")]
    private static partial Regex SymbolSeparators();
}
