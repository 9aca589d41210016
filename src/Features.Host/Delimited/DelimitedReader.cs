using System.Globalization;
using System.Runtime.CompilerServices;
using Features.Host.Errors;
using nietras.SeparatedValues;

namespace Features.Host.Delimited;

/// <summary>Makes the caller's own exception for a refusal: the line (1-based), the field at fault (<c>file</c> for the shape) and why.</summary>
public delegate Exception DelimitedError(int line, string field, string message);

/// <summary>How a delimited upload is written.</summary>
public sealed record DelimitedFormat
{
    /// <summary>Comma-separated, RFC 4180 quotes, fields trimmed, a header row.</summary>
    public static DelimitedFormat Csv { get; } = new();

    public char Separator { get; init; } = ',';

    /// <summary>RFC 4180 quoting (embedded separators, quotes and line breaks). Off for the SEC's TSVs, where a quote is plain text.</summary>
    public bool Quoted { get; init; } = true;

    /// <summary>Fields trimmed of surrounding white space (inside quotes too).</summary>
    public bool Trim { get; init; } = true;

    /// <summary>Whether the first row names the columns; without one, <see cref="Columns"/> says how many fields each row has.</summary>
    public bool Header { get; init; } = true;

    /// <summary>The field count of every row when there is no header.</summary>
    public int Columns { get; init; }

    /// <summary>The refusal of a row of <c>actual</c> fields where <c>expected</c> belong.</summary>
    public Func<int, int, string> FieldCount { get; init; } = (actual, expected) => $"{actual} fields, the header has {expected}";
}

/// <summary>
/// The one reader of delimited uploads (bars, news, lexicons, SEC and vendor fundamentals), on Sep, with the refusals
/// every hostile file gets, each naming its line: a header naming a column twice (any case), a row with more or fewer
/// fields than the header, a quoted field that is never closed. Blank lines are skipped. Header names are trimmed,
/// unquoted and lower-cased; rows are handed out as Sep rows, so a caller reads spans without allocating per field.
/// <code>
/// using var file = DelimitedReader.Open(text, DelimitedFormat.Csv, (line, field, message) => new MyException(line, field, message));
/// var close = file.IndexOf("close");
/// foreach (var row in file) { ... row[close].Span ... }
/// </code>
/// </summary>
public sealed class DelimitedReader : IDisposable
{
    private readonly SepReader _reader;
    private readonly DelimitedFormat _format;
    private readonly DelimitedError _error;
    private readonly int _fields;
    private readonly string[] _names = [];
    private int _rows;

    private DelimitedReader(SepReader reader, DelimitedFormat format, DelimitedError error)
    {
        _reader = reader;
        _format = format;
        _error = error;
        if (!format.Header)
        {
            _fields = format.Columns;
            return;
        }
        // The header is read as a plain row: Sep's own header check compares names case-sensitively and says no line.
        while (Next())
        {
            var row = _reader.Current;
            if (IsBlank(row)) continue;
            CheckQuotesClosed(row);
            _names = ReadNames(row);
            _fields = _names.Length;
            return;
        }
    }

    /// <summary>The header's names, trimmed, unquoted and lower-cased; empty for a file without a header or an empty file.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>True when a file that should have a header holds nothing but blank lines.</summary>
    public bool IsEmpty => _format.Header && _names.Length == 0;

    /// <summary>The current row (after <see cref="MoveNext"/> returned true).</summary>
    public SepReader.Row Current => _reader.Current;

    /// <summary>The line the current row starts on (1-based; a quoted field may carry it over several lines). Use it rather than the row's own number.</summary>
    public int Line => LineOf(_reader.Current);

    public static DelimitedReader Open(TextReader text, DelimitedFormat format, DelimitedError error) => new(Options(format).From(text), format, error);

    public static DelimitedReader Open(Stream stream, DelimitedFormat format, DelimitedError error) => new(Options(format).From(stream), format, error);

    public static DelimitedReader Open(string text, DelimitedFormat format, DelimitedError error) => new(Options(format).FromText(text), format, error);

    /// <summary>The index of a column (lower case), or -1.</summary>
    public int IndexOf(string name) => Array.IndexOf(_names, name);

    /// <summary>Moves to the next row that is not blank, refusing it if its quotes or field count are wrong.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // once a row: compiled optimised from the first (see CsvBarReader.ReadBatch)
    public bool MoveNext()
    {
        while (Next())
        {
            var row = _reader.Current;
            if (IsBlank(row)) continue;
            CheckQuotesClosed(row);
            if (row.ColCount != _fields) throw _error(LineOf(row), "file", _format.FieldCount(row.ColCount, _fields));
            return true;
        }
        return false;
    }

    /// <summary><c>foreach (var row in file)</c> reads the rows after the header.</summary>
    public DelimitedReader GetEnumerator() => this;

    public void Dispose() => _reader.Dispose();

    private static SepReaderOptions Options(DelimitedFormat format) => Sep.New(format.Separator).Reader() with
    {
        HasHeader = false,
        DisableColCountCheck = true,
        DisableQuotesParsing = !format.Quoted,
        Unescape = format.Quoted,
        Trim = format.Trim ? SepTrim.All : SepTrim.None,
        CultureInfo = CultureInfo.InvariantCulture,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Next()
    {
        if (!_reader.MoveNext()) return false;
        _rows++;
        return true;
    }

    /// <summary>Sep 0.17.1 without a header gives the first row its end line as its start; it starts on line 1.</summary>
    private int LineOf(SepReader.Row row) => _rows == 1 ? 1 : row.LineNumberFrom;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsBlank(SepReader.Row row) => row.ColCount == 1 && row.Span.IsWhiteSpace();

    private string[] ReadNames(SepReader.Row row)
    {
        var names = new string[row.ColCount];
        for (var i = 0; i < names.Length; i++) names[i] = row[i].Span.Trim().Trim('"').ToString().ToLowerInvariant();
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i].Length == 0) continue;
            var again = Array.IndexOf(names, names[i], i + 1);
            if (again > 0)
            {
                throw _error(LineOf(row), names[i], $"the header names column '{UserText.Shorten(names[i])}' twice (columns {i + 1} and {again + 1})");
            }
        }
        return names;
    }

    /// <summary>
    /// An opening quote never closed swallows the rest of the file into one field; Sep hands that back as a row, so an
    /// odd number of quotes in a row (read before any field is unescaped in place) means exactly that.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckQuotesClosed(SepReader.Row row)
    {
        if (!_format.Quoted) return;
        var span = row.Span;
        if (span.Contains('"') && span.Count('"') % 2 != 0) throw _error(LineOf(row), "file", "a quoted field opened on this line is never closed");
    }
}
