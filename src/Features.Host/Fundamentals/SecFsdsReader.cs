using System.Globalization;
using Features.Host.Errors;

namespace Features.Host.Fundamentals;

/// <summary>
/// Reads the SEC's Financial Statement Data Sets: <c>sub.txt</c> (one row per filing) then <c>num.txt</c> (its facts),
/// tab-separated with a header row, columns found by name so the layouts with and without <c>segments</c> both read.
/// Only the consolidated entity is kept (empty <c>coreg</c> and <c>segments</c>). Nothing set after the fact
/// (<c>prevrpt</c>, <c>filed</c> for the timing) is used: a filing counts from its <c>accepted</c> time.
/// </summary>
public static class SecFsdsReader
{
    public const string Source = "sec-fsds";
    private const string SubColumns = "adsh, cik, name, form, period, fy, fp, accepted";
    private const string NumColumns = "adsh, tag, version, ddate, qtrs, uom, value (and coreg, segments where the layout has them)";

    private static readonly string[] AcceptedFormats = ["yyyy-MM-dd HH:mm:ss.f", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.fff", "yyyy-MM-dd HH:mm", "yyyyMMddHHmmss"];

    public static void ReadSubmissions(Stream stream, FactUpload upload, string name = "sub.txt")
    {
        using var file = DelimitedFile.Open(stream, name, '\t', quoted: false);
        int adsh = file.Column("adsh", SubColumns), cik = file.Column("cik", SubColumns), company = file.Column("name", SubColumns),
            form = file.Column("form", SubColumns), period = file.Column("period", SubColumns), fy = file.Column("fy", SubColumns),
            fp = file.Column("fp", SubColumns), accepted = file.Column("accepted", SubColumns);
        foreach (var row in file.Rows)
        {
            var line = row.LineNumberFrom;
            var accession = Required(file, line, "adsh", row[adsh].Span, 20);
            if (upload.Find(accession) is not null) throw file.Error(line, $"filing {accession} is listed twice");
            if (!long.TryParse(row[cik].Span, NumberStyles.None, CultureInfo.InvariantCulture, out var cikValue) || cikValue <= 0)
            {
                throw file.Error(line, $"cik '{UserText.Shorten(row[cik].ToString())}' is not a positive whole number");
            }
            var acceptedText = row[accepted].ToString().Trim();
            if (!DateTime.TryParseExact(acceptedText, AcceptedFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var acceptedEastern))
            {
                throw file.Error(line, $"accepted '{UserText.Shorten(acceptedText)}' is not an EDGAR timestamp such as 2024-02-02 18:01:00.0");
            }
            var acceptedUtc = FilingClock.EasternToUtc(acceptedEastern)
                ?? throw file.Error(line, $"accepted '{acceptedText}' does not exist in US Eastern time (the daylight-saving gap)");
            var fiscalYear = row[fy].Span.Trim();
            int? fiscalYearValue = null;
            if (!fiscalYear.IsEmpty)
            {
                fiscalYearValue = int.TryParse(fiscalYear, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1900 and <= 2200
                    ? y : throw file.Error(line, $"fy '{UserText.Shorten(fiscalYear.ToString())}' is not a year");
            }
            upload.AddFiling(new FilingHeader(
                accession, Source, cikValue, Symbol: null,
                Name: Truncate(row[company].ToString().Trim(), 256),
                Form: Required(file, line, "form", row[form].Span, 32),
                Period: row[period].Span.Trim().IsEmpty ? null : Date(file, line, "period", row[period].Span),
                fiscalYearValue,
                FiscalPeriod: row[fp].Span.Trim().IsEmpty ? null : Truncate(row[fp].ToString().Trim(), 8),
                acceptedUtc, FilingClock.KnownFrom(acceptedUtc)));
        }
    }

    public static void ReadNumbers(Stream stream, FactUpload upload, string name = "num.txt")
    {
        using var file = DelimitedFile.Open(stream, name, '\t', quoted: false);
        int adsh = file.Column("adsh", NumColumns), tag = file.Column("tag", NumColumns), version = file.Column("version", NumColumns),
            ddate = file.Column("ddate", NumColumns), qtrs = file.Column("qtrs", NumColumns), uom = file.Column("uom", NumColumns),
            value = file.Column("value", NumColumns);
        int coreg = file.OptionalColumn("coreg"), segments = file.OptionalColumn("segments");
        foreach (var row in file.Rows)
        {
            var line = row.LineNumberFrom;
            upload.Rows++;
            var accession = row[adsh].Span.Trim();
            var filing = upload.Find(accession.ToString())
                ?? throw file.Error(line, $"adsh '{UserText.Shorten(accession.ToString())}' is not a filing of sub.txt");
            if ((coreg >= 0 && !row[coreg].Span.Trim().IsEmpty) || (segments >= 0 && !row[segments].Span.Trim().IsEmpty))
            {
                upload.NotConsolidated++;
                continue;
            }
            var tagText = row[tag].Span.Trim();
            if (tagText.IsEmpty || tagText.Length > 256) throw file.Error(line, "tag must be 1 to 256 characters");
            if (!int.TryParse(row[qtrs].Span, NumberStyles.None, CultureInfo.InvariantCulture, out var quarters))
            {
                throw file.Error(line, $"qtrs '{UserText.Shorten(row[qtrs].ToString())}' is not a whole number of quarters");
            }
            var periodEnd = Date(file, line, "ddate", row[ddate].Span);
            var valueText = row[value].Span.Trim();
            if (valueText.IsEmpty || quarters > 4)
            {
                upload.Unsupported++;
                continue;
            }
            var number = Number(file, line, valueText);
            var unit = row[uom].Span.Trim();
            if (unit.Length > 64) throw file.Error(line, "uom is longer than 64 characters");
            var custom = row[version].Span.Trim().SequenceEqual(accession);
            upload.AddFact(filing, new FactKey(upload.Intern(tagText), periodEnd, quarters), new FactValue(number, upload.Intern(unit), custom));
        }
    }

    internal static double Number(DelimitedFile file, int line, ReadOnlySpan<char> text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            throw file.Error(line, $"value '{UserText.Shorten(text.ToString())}' is not a finite number");
        }
        return number;
    }

    /// <summary>A date as <c>yyyymmdd</c> (the SEC's) or <c>yyyy-MM-dd</c>, midnight UTC.</summary>
    internal static DateTime Date(DelimitedFile file, int line, string column, ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (DateTime.TryParseExact(text, ["yyyyMMdd", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return DateTime.SpecifyKind(date, DateTimeKind.Utc);
        }
        throw file.Error(line, $"{column} '{UserText.Shorten(text.ToString())}' is not a date (yyyymmdd)");
    }

    private static string Required(DelimitedFile file, int line, string column, ReadOnlySpan<char> text, int maxLength)
    {
        text = text.Trim();
        if (text.IsEmpty || text.Length > maxLength) throw file.Error(line, $"{column} must be 1 to {maxLength} characters");
        return text.ToString();
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
