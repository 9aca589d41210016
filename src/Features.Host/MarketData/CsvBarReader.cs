using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Features.Host.Delimited;
using Features.Host.Errors;
using Features.PluginSdk;
using nietras.SeparatedValues;

namespace Features.Host.MarketData;

/// <summary>
/// Reads bars from CSV (RFC 4180, parsed by Sep through <see cref="DelimitedReader"/>: quoted fields with embedded
/// separators, quotes and line breaks; LF or CRLF): a header naming <c>date</c> or <c>timestamp</c> (or <c>time</c>, <c>datetime</c>) and
/// <c>open,high,low,close,volume</c> in any order, or <c>value</c> alone for a scalar series (macro data:
/// every price is the value, volume 0). A byte-order mark is skipped, blank lines too. Dates are ISO 8601
/// (with or without time and zone; no zone means UTC) or US style <c>M/d/yyyy</c> with an optional time.
/// Refused with the line named: a header naming a column twice, a row with more or fewer fields than the
/// header, a quoted field that is never closed.
/// </summary>
public static class CsvBarReader
{
    private static readonly string[] TimeHeaders = ["timestamp", "date", "datetime", "time"];

    private static readonly string[] UsFormats =
    [
        "M/d/yyyy", "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss", "M/d/yyyy h:mm tt", "M/d/yyyy h:mm:ss tt", "M/d/yy",
    ];

    private static readonly DelimitedError Error = (line, field, message) => new BarFileException(line, field, message);

    /// <summary>Reads the file as it streams, yielding validated batches sorted by timestamp (see <see cref="UploadBatcher"/>).</summary>
    public static IEnumerable<BarBlock> Read(Stream stream, UploadBatcher batcher)
    {
        using var text = new StreamReader(stream, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 14);
        using var file = DelimitedReader.Open(text, DelimitedFormat.Csv, Error);
        if (file.IsEmpty) throw new BarFileException(1, "file", "the file is empty; expected a header such as date,open,high,low,close,volume");
        var layout = ReadHeader([.. file.Names]);
        while (ReadBatch(file, layout, batcher) is { } full) yield return full;
        if (batcher.Finish("the file has a header but no bars") is { } last) yield return last;
    }

    /// <summary>
    /// Reads rows until a batch is full (returned) or the file ends (null). This and the methods it calls once a row
    /// are compiled fully optimised on first use: an upload is one long run, and under tiered compilation most of a
    /// fresh host's first million-bar upload ran in unoptimised code while the recompilation queued behind the host's
    /// start-up. Sep's row is a ref struct: it must not live across a yield, so this loop is not in the iterator.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static BarBlock? ReadBatch(DelimitedReader file, Layout layout, UploadBatcher batcher)
    {
        while (file.MoveNext())
        {
            if (AddRow(file.Current, layout, batcher) is { } full) return full;
        }
        return null;
    }

    private sealed record Layout(string[] Names, int Time, bool Scalar, int Value, int Open, int High, int Low, int Close, int Volume);

    private static Layout ReadHeader(string[] names)
    {
        var time = Array.FindIndex(names, n => TimeHeaders.Contains(n));
        if (time < 0) throw new BarFileException(1, "timestamp", $"no date or timestamp column in the header '{UserText.Shorten(string.Join(',', names))}'");
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
        return new Layout(names, time, scalar, value, open, high, low, close, volume);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static BarBlock? AddRow(SepReader.Row row, Layout layout, UploadBatcher batcher)
    {
        var lineNumber = row.LineNumberFrom;
        var zoneless = false;
        var ts = ParseTime(row[layout.Time].Span, lineNumber, layout.Names[layout.Time], ref zoneless);
        batcher.Zoneless |= zoneless;
        if (layout.Scalar)
        {
            var v = Number(row, layout.Value, "value", lineNumber);
            return batcher.Add(ts, v, v, v, v, 0, lineNumber);
        }
        return batcher.Add(ts, Number(row, layout.Open, "open", lineNumber), Number(row, layout.High, "high", lineNumber),
            Number(row, layout.Low, "low", lineNumber), Number(row, layout.Close, "close", lineNumber),
            Number(row, layout.Volume, "volume", lineNumber), lineNumber);
    }

    private static ReadOnlySpan<char> Field(ReadOnlySpan<char> text) => text.Trim().Trim('"');

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Number(SepReader.Row row, int column, string name, int lineNumber)
    {
        var text = Field(row[column].Span);
        if (text.Length == 0) throw new BarFileException(lineNumber, name, $"{name} is empty");
        if (TryParsePlainDecimal(text, out var plain)) return plain;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
        {
            throw new BarFileException(lineNumber, name, $"{name} '{UserText.Shorten(text.ToString())}' is not a finite number");
        }
        return v;
    }

    private static readonly double[] PowersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>
    /// Prices as vendors write them (<c>-123.4567</c>: a sign, at most 15 digits, one point, no exponent) without the
    /// general parser. The digits are an exact integer below 2^53 and the divisor an exact power of ten, so the one
    /// IEEE division is correctly rounded: the same double <see cref="double.Parse(string)"/> gives (Clinger's fast path).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParsePlainDecimal(ReadOnlySpan<char> t, out double value)
    {
        value = 0;
        var negative = t[0] == '-';
        var i = negative || t[0] == '+' ? 1 : 0;
        long digits = 0;
        int count = 0, point = -1;
        for (; i < t.Length; i++)
        {
            var c = t[i];
            if (c == '.' && point < 0) point = count;
            else if ((uint)(c - '0') <= 9 && count < 15) { digits = digits * 10 + (c - '0'); count++; }
            else return false;
        }
        if (count == 0) return false;
        value = (point < 0 ? digits : digits / PowersOfTen[count - point]) * (negative ? -1 : 1);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static long ParseTime(ReadOnlySpan<char> raw, int line, string field, ref bool zoneless)
    {
        var text = raw.Trim().Trim('"');
        if (text.Length == 0) throw new BarFileException(line, field, $"{field} is empty");
        if (TryParseCommonIso(text, out var micros, out var hasZone))
        {
            zoneless |= !hasZone;
            return micros;
        }
        DateTimeOffset parsed;
        if (text.Contains('/'))
        {
            if (!DateTime.TryParseExact(text, UsFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var us))
            {
                throw new BarFileException(line, field, $"{field} '{UserText.Shorten(text.ToString())}' is not a date (use ISO 8601 such as 2024-01-31 or 2024-01-31T14:30:00Z, or M/d/yyyy)");
            }
            zoneless = true;
            parsed = new DateTimeOffset(DateTime.SpecifyKind(us, DateTimeKind.Utc));
        }
        else
        {
            var s = text.ToString();
            var zoned = s.EndsWith('Z') || s.EndsWith('z') || HasOffset(s);
            if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out parsed) || s.Length < 8)
            {
                throw new BarFileException(line, field, $"{field} '{UserText.Shorten(s)}' is not a date (use ISO 8601 such as 2024-01-31 or 2024-01-31T14:30:00Z, or M/d/yyyy)");
            }
            zoneless |= !zoned;
        }
        return CheckRange((parsed.UtcTicks - DateTime.UnixEpoch.Ticks) / 10, parsed.Year, text, line, field);
    }

    internal static long ParseTime(string raw, int line, string field, ref bool zoneless) => ParseTime(raw.AsSpan(), line, field, ref zoneless);

    private static long CheckRange(long micros, int year, ReadOnlySpan<char> text, int line, string field) =>
        year is < 1900 or > 2200 ? throw new BarFileException(line, field, $"{field} '{UserText.Shorten(text.ToString())}' is outside 1900..2200") : micros;

    /// <summary>
    /// The shapes bar files nearly always use, parsed without the general parser (a third of the ingest time):
    /// yyyy-MM-dd, and yyyy-MM-dd(T| )HH:mm[:ss] with an optional Z. Anything else takes the general path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParseCommonIso(ReadOnlySpan<char> t, out long micros, out bool hasZone)
    {
        micros = 0;
        hasZone = t.Length > 0 && t[^1] is 'Z' or 'z';
        if (hasZone) t = t[..^1];
        if (t.Length is not (10 or 16 or 19) || t[4] != '-' || t[7] != '-') return false;
        int hour = 0, minute = 0, second = 0;
        if (!Digits(t, 0, 4, out var year) || !Digits(t, 5, 2, out var month) || !Digits(t, 8, 2, out var day)) return false;
        if (t.Length > 10)
        {
            if (t[10] is not ('T' or ' ') || t[13] != ':' || !Digits(t, 11, 2, out hour) || !Digits(t, 14, 2, out minute)) return false;
            if (t.Length == 19 && (t[16] != ':' || !Digits(t, 17, 2, out second))) return false;
        }
        if (year is < 1900 or > 2200 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false; // the general parser gives the precise error
        }
        micros = (new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks - DateTime.UnixEpoch.Ticks) / 10;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Digits(ReadOnlySpan<char> t, int start, int length, out int value)
    {
        value = 0;
        for (var i = start; i < start + length; i++)
        {
            var d = t[i] - '0';
            if ((uint)d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }

    private static bool HasOffset(string text)
    {
        var t = text.IndexOf('T') is var i and > 0 ? text[i..] : text.Length > 10 ? text[10..] : "";
        return t.Contains('+') || t.LastIndexOf('-') > 0;
    }
}
