using System.Globalization;
using System.Text;
using Features.PluginSdk;

namespace Features.Host.MarketData;

/// <summary>
/// Reads bars from CSV: a header naming <c>date</c> or <c>timestamp</c> (or <c>time</c>, <c>datetime</c>) and
/// <c>open,high,low,close,volume</c> in any order, or <c>value</c> alone for a scalar series (macro data:
/// every price is the value, volume 0). A byte-order mark is skipped. Dates are ISO 8601 (with or without
/// time and zone; no zone means UTC) or US style <c>M/d/yyyy</c> with an optional time.
/// </summary>
public static class CsvBarReader
{
    private static readonly string[] TimeHeaders = ["timestamp", "date", "datetime", "time"];

    private static readonly string[] UsFormats =
    [
        "M/d/yyyy", "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss", "M/d/yyyy h:mm tt", "M/d/yyyy h:mm:ss tt", "M/d/yy",
    ];

    public static ParsedBars Read(Stream stream, int maxRows)
    {
        using var reader = new StreamReader(stream, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
        var header = reader.ReadLine() ?? throw new BarFileException(1, "file", "the file is empty; expected a header such as date,open,high,low,close,volume");
        var names = header.Split(',').Select(h => h.Trim().Trim('"').Trim().ToLowerInvariant()).ToArray();

        var time = Array.FindIndex(names, n => TimeHeaders.Contains(n));
        if (time < 0) throw new BarFileException(1, "timestamp", $"no date or timestamp column in the header '{Shorten(header)}'");
        int Col(string name) => Array.IndexOf(names, name);
        var value = Col("value");
        int open = Col("open"), high = Col("high"), low = Col("low"), close = Col("close"), volume = Col("volume");
        var scalar = value >= 0 && open < 0 && high < 0 && low < 0 && close < 0;
        if (!scalar)
        {
            var missing = new[] { ("open", open), ("high", high), ("low", low), ("close", close), ("volume", volume) }.Where(c => c.Item2 < 0).Select(c => c.Item1).ToList();
            if (missing.Count > 0)
            {
                throw new BarFileException(1, missing[0], $"missing column(s) {string.Join(", ", missing)}; the header must have date|timestamp,open,high,low,close,volume (or date,value for a scalar series)");
            }
        }

        var bars = new List<Bar>();
        var lines = new List<int>();
        var zoneless = false;
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || string.IsNullOrWhiteSpace(line)) continue;
            if (bars.Count >= maxRows) throw new BarFileException(lineNumber, "file", $"more than {maxRows} rows in one upload; split the file");
            var f = line.Split(',');
            if (f.Length < names.Length) throw new BarFileException(lineNumber, "file", $"{f.Length} fields, the header has {names.Length}");
            var ts = ParseTime(f[time], lineNumber, names[time], ref zoneless);
            if (scalar)
            {
                var v = Number(f, value, "value", lineNumber);
                bars.Add(new Bar(ts, v, v, v, v, 0));
            }
            else
            {
                bars.Add(new Bar(ts, Number(f, open, "open", lineNumber), Number(f, high, "high", lineNumber), Number(f, low, "low", lineNumber),
                    Number(f, close, "close", lineNumber), Number(f, volume, "volume", lineNumber)));
            }
            lines.Add(lineNumber);
        }
        if (bars.Count == 0) throw new BarFileException(0, "file", "the file has a header but no bars");
        var notes = new List<string>();
        if (zoneless) notes.Add("timestamps without a time zone were read as UTC");
        return ParsedBars.Validate(bars, lines, notes);
    }

    private static double Number(string[] fields, int index, string name, int line)
    {
        var text = fields[index].Trim().Trim('"');
        if (text.Length == 0) throw new BarFileException(line, name, $"{name} is empty");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            throw new BarFileException(line, name, $"{name} '{Shorten(text)}' is not a finite number");
        }
        return v;
    }

    internal static long ParseTime(string raw, int line, string field, ref bool zoneless)
    {
        var text = raw.Trim().Trim('"');
        if (text.Length == 0) throw new BarFileException(line, field, $"{field} is empty");
        DateTimeOffset parsed;
        if (text.Contains('/'))
        {
            if (!DateTime.TryParseExact(text, UsFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var us))
            {
                throw new BarFileException(line, field, $"{field} '{Shorten(text)}' is not a date (use ISO 8601 such as 2024-01-31 or 2024-01-31T14:30:00Z, or M/d/yyyy)");
            }
            zoneless = true;
            parsed = new DateTimeOffset(DateTime.SpecifyKind(us, DateTimeKind.Utc));
        }
        else
        {
            var hasZone = text.EndsWith('Z') || text.EndsWith('z') || HasOffset(text);
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out parsed) || text.Length < 8)
            {
                throw new BarFileException(line, field, $"{field} '{Shorten(text)}' is not a date (use ISO 8601 such as 2024-01-31 or 2024-01-31T14:30:00Z, or M/d/yyyy)");
            }
            zoneless |= !hasZone;
        }
        if (parsed.Year < 1900 || parsed.Year > 2200) throw new BarFileException(line, field, $"{field} '{Shorten(text)}' is outside 1900..2200");
        return (parsed.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;
    }

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T') is var i and > 0 ? text[i..] : text.Length > 10 ? text[10..] : "";
        return t.Contains('+') || t.LastIndexOf('-') > 0;
    }

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "..." : s;
}
