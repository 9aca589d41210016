using Features.Host.Delimited;

namespace Features.Host.Fundamentals;

/// <summary>
/// A header-first fundamentals file (the SEC's TSVs, a vendor's CSV) on the shared <see cref="DelimitedReader"/>: columns
/// are found by header name (any order, any case); a row with more or fewer fields than the header, a column named
/// twice or a quote never closed is refused naming the file and line, never silently padded or cut.
/// </summary>
internal sealed class DelimitedFile : IDisposable
{
    private DelimitedFile(string name, DelimitedReader reader)
    {
        Name = name;
        Rows = reader;
    }

    public string Name { get; }

    /// <summary>The rows after the header, each of the header's field count: <c>foreach (var row in file.Rows)</c>.</summary>
    public DelimitedReader Rows { get; }

    /// <param name="quoted">RFC 4180 quotes (a vendor's CSV); the SEC's TSVs have none, a quote in a company name is text.</param>
    public static DelimitedFile Open(Stream stream, string name, char separator, bool quoted)
    {
        var format = new DelimitedFormat
        {
            Separator = separator,
            Quoted = quoted,
            Trim = false,
            FieldCount = (actual, expected) => $"{actual} field(s) where the header has {expected}",
        };
        var reader = DelimitedReader.Open(stream, format, (line, _, message) => new FundamentalFileException(name, line, message));
        if (reader.IsEmpty)
        {
            reader.Dispose();
            throw new FundamentalFileException(name, 0, "the file is empty; expected a header row");
        }
        return new DelimitedFile(name, reader);
    }

    /// <summary>The index of a column the file must have.</summary>
    public int Column(string column, string expected) =>
        OptionalColumn(column) is var index and >= 0 ? index : throw Error(1, $"missing column '{column}'; the header must name {expected}");

    /// <summary>The index of a column some layouts have, or -1.</summary>
    public int OptionalColumn(string column) => Rows.IndexOf(column);

    public FundamentalFileException Error(int line, string message) => new(Name, line, message);

    public void Dispose() => Rows.Dispose();
}
