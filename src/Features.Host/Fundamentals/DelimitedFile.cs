using System.Globalization;
using System.Text.RegularExpressions;
using nietras.SeparatedValues;

namespace Features.Host.Fundamentals;

/// <summary>
/// A header-first delimited file read with Sep: columns are found by header name (any order, any case), and a row
/// with more or fewer fields than the header is refused with its line number, never silently padded or cut.
/// </summary>
internal sealed partial class DelimitedFile : IDisposable
{
    private DelimitedFile(string name, SepReader reader)
    {
        Name = name;
        Reader = reader;
    }

    public string Name { get; }
    public SepReader Reader { get; }

    public static DelimitedFile Open(Stream stream, string name, char separator, bool quoted)
    {
        SepReader reader;
        try
        {
            reader = Sep.Reader(o => o with
            {
                Sep = new Sep(separator),
                ColNameComparer = StringComparer.OrdinalIgnoreCase,
                DisableColCountCheck = true,
                DisableQuotesParsing = !quoted,
                Unescape = quoted,
                CultureInfo = CultureInfo.InvariantCulture,
            }).From(stream);
        }
        catch (ArgumentException e) when (RepeatedColumn().Match(e.Message) is { Success: true } repeated)
        {
            throw new FundamentalFileException(name, 1, $"the header names column '{repeated.Groups[1].Value}' twice");
        }
        if (reader.Header.IsEmpty)
        {
            reader.Dispose();
            throw new FundamentalFileException(name, 0, "the file is empty; expected a header row");
        }
        return new DelimitedFile(name, reader);
    }

    /// <summary>The index of a column the file must have.</summary>
    public int Column(string column, string expected) =>
        Reader.Header.TryIndexOf(column, out var index) ? index : throw Error(1, $"missing column '{column}'; the header must name {expected}");

    /// <summary>The index of a column some layouts have, or -1.</summary>
    public int OptionalColumn(string column) => Reader.Header.TryIndexOf(column, out var index) ? index : -1;

    /// <summary>Throws when the row's field count differs from the header's.</summary>
    public void CheckShape(SepReader.Row row)
    {
        var expected = Reader.Header.ColNames.Count;
        if (row.ColCount != expected)
        {
            throw Error(row.LineNumberFrom, $"{row.ColCount} field(s) where the header has {expected}");
        }
    }

    public FundamentalFileException Error(int line, string message) => new(Name, line, message);

    public void Dispose() => Reader.Dispose();

    /// <summary>Sep refuses a header that names a column twice (any case, with the comparer above) with this message.</summary>
    [GeneratedRegex("Col name '([^']*)' found")]
    private static partial Regex RepeatedColumn();
}
