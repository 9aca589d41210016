using System.IO.Compression;
using Features.Host.Fundamentals;
using Features.Plugins.Fundamental.Common;
using Features.Plugins.Tests.Reference;

namespace Features.Host.Tests.Fundamentals;

/// <summary>The made-up Acme Widgets filings (Fixtures/acme, the SEC's layout) as files, as a zip, and as known facts.</summary>
public static class AcmeFixture
{
    public const long Cik = 9999901;

    public static string Folder => Path.Combine(ReferenceData.RepoRoot, "tests", "Features.Host.Tests", "Fundamentals", "Fixtures", "acme");

    public static byte[] Sub => File.ReadAllBytes(Path.Combine(Folder, "sub.txt"));

    public static byte[] Num => File.ReadAllBytes(Path.Combine(Folder, "num.txt"));

    /// <summary>A quarterly zip as the SEC publishes it (with a tag.txt the reader ignores).</summary>
    public static byte[] Zip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in new[] { ("sub.txt", Sub), ("num.txt", Num), ("tag.txt", "tag\tversion\n"u8.ToArray()) })
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(bytes);
            }
        }
        return buffer.ToArray();
    }

    public static FactUpload Read()
    {
        var upload = new FactUpload();
        SecFsdsReader.ReadSubmissions(new MemoryStream(Sub), upload);
        SecFsdsReader.ReadNumbers(new MemoryStream(Num), upload);
        return upload;
    }

    /// <summary>The facts as the store hands them out, in the order they became known.</summary>
    public static IReadOnlyList<KnownFact> Known() => ToKnown(Read());

    public static IReadOnlyList<KnownFact> ToKnown(FactUpload upload) =>
        [.. upload.Filings.SelectMany(f => f.Facts.Select(x => new KnownFact(f.Filing.KnownAt, f.Filing.AcceptedAt, f.Filing.Accession, f.Filing.Form,
                x.Key.Tag, x.Key.PeriodEnd, x.Key.Quarters, x.Value.Value, x.Value.Unit)))
            .OrderBy(k => k.KnownAt).ThenBy(k => k.Accession, StringComparer.Ordinal)];

    /// <summary>A book of the facts known at or before <paramref name="at"/>, each counted <paramref name="lag"/> after it became known.</summary>
    internal static FactBook BookAsOf(IEnumerable<KnownFact> facts, DateTime at, TimeSpan lag = default)
    {
        var book = new FactBook();
        foreach (var fact in facts)
        {
            if (fact.KnownAt + lag <= at) book.Add(fact.Tag, fact.PeriodEnd, fact.Quarters, fact.Value);
        }
        return book;
    }

    public static DateTime Utc(string iso) => DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);

    public static DateTime Day(int year, int month, int day) => new(year, month, day, 0, 0, 0, DateTimeKind.Utc);
}
