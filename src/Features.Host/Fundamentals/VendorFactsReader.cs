using System.Globalization;
using System.Text.RegularExpressions;
using Features.Host.Errors;
using Features.Host.MarketData;

namespace Features.Host.Fundamentals;

/// <summary>
/// Reads facts from another vendor as CSV: <c>symbol,tag,period_end,qtrs,value,available_at</c> (any order, an optional
/// <c>uom</c>). A fact counts from <c>available_at</c> exactly (the vendor says when it was known; no 17:30 rule), which
/// must carry its zone (<c>Z</c> or an offset): a time without one is refused, not guessed. The facts of one symbol made
/// available at one instant form one filing.
/// </summary>
public static partial class VendorFactsReader
{
    public const string Source = "vendor";
    private const string Columns = "symbol, tag, period_end, qtrs, value, available_at";

    public static void Read(Stream stream, FactUpload upload, string name = "csv")
    {
        using var file = DelimitedFile.Open(stream, name, ',', quoted: true);
        int symbol = file.Column("symbol", Columns), tag = file.Column("tag", Columns), periodEnd = file.Column("period_end", Columns),
            qtrs = file.Column("qtrs", Columns), value = file.Column("value", Columns), availableAt = file.Column("available_at", Columns);
        var uom = file.OptionalColumn("uom");
        foreach (var row in file.Rows)
        {
            var line = row.LineNumberFrom;
            upload.Rows++;
            var symbolText = row[symbol].ToString().Trim();
            if (!Symbols.IsValid(symbolText)) throw file.Error(line, $"symbol '{UserText.Shorten(symbolText)}' is not valid ({Symbols.Rule})");
            var tagText = StripPrefix(row[tag].Span.Trim());
            if (tagText.IsEmpty || tagText.Length > 256) throw file.Error(line, "tag must be 1 to 256 characters");
            if (!int.TryParse(row[qtrs].Span.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var quarters) || quarters > 4)
            {
                throw file.Error(line, $"qtrs '{UserText.Shorten(row[qtrs].ToString())}' must be 0 (a point in time) or 1 to 4 quarters");
            }
            var end = SecFsdsReader.Date(file, line, "period_end", row[periodEnd].Span);
            var number = SecFsdsReader.Number(file, line, row[value].Span.Trim());
            var available = Instant(file, line, row[availableAt].ToString().Trim());
            var unit = uom >= 0 ? row[uom].Span.Trim() : "";
            if (unit.Length > 64) throw file.Error(line, "uom is longer than 64 characters");

            var accession = $"vendor:{symbolText}:{available:yyyy-MM-ddTHH:mm:ss.fffffffZ}";
            var filing = upload.Find(accession) ?? upload.AddFiling(new FilingHeader(
                accession, Source, Cik: null, symbolText, Name: symbolText, Form: "vendor",
                Period: null, FiscalYear: null, FiscalPeriod: null, AcceptedAt: available, KnownAt: available));
            upload.AddFact(filing, new FactKey(upload.Intern(tagText), end, quarters), new FactValue(number, upload.Intern(unit), Custom: false));
        }
    }

    /// <summary><c>us-gaap:Revenues</c> and <c>Revenues</c> name the same tag (num.txt has no prefix).</summary>
    public static ReadOnlySpan<char> StripPrefix(ReadOnlySpan<char> tag)
    {
        var colon = tag.IndexOf(':');
        return colon >= 0 ? tag[(colon + 1)..] : tag;
    }

    private static DateTime Instant(DelimitedFile file, int line, string text)
    {
        if (!ZoneSuffix().IsMatch(text))
        {
            throw file.Error(line, $"available_at '{UserText.Shorten(text)}' has no zone: write it as UTC (2024-02-01T21:05:00Z) or with an offset (2024-02-01T16:05:00-05:00)");
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            throw file.Error(line, $"available_at '{UserText.Shorten(text)}' is not an ISO 8601 timestamp");
        }
        return instant.UtcDateTime;
    }

    [GeneratedRegex(@"[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|z|[+-]\d{2}(:?\d{2})?)$")]
    private static partial Regex ZoneSuffix();
}
