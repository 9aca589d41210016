using Features.Host.Delimited;

namespace Features.Host.Tests.Delimited;

/// <summary>The shared reader's refusals of hostile files, each with its line, for commas and tabs alike.</summary>
public sealed class DelimitedReaderTests
{
    private sealed class Refused(int line, string field, string message) : Exception(message)
    {
        public int Line { get; } = line;
        public string Field { get; } = field;
    }

    public static TheoryData<char> Separators => new(',', '\t');

    private static DelimitedReader Open(string text, char separator, DelimitedFormat? format = null) =>
        DelimitedReader.Open(text.Replace(',', separator), (format ?? DelimitedFormat.Csv) with { Separator = separator },
            (line, field, message) => new Refused(line, field, message));

    private static List<string[]> ReadAll(DelimitedReader file)
    {
        var rows = new List<string[]>();
        foreach (var row in file)
        {
            var fields = new string[row.ColCount];
            for (var i = 0; i < fields.Length; i++) fields[i] = row[i].Span.ToString();
            rows.Add(fields);
        }
        return rows;
    }

    private static Refused Refusal(string text, char separator, DelimitedFormat? format = null) =>
        Should.Throw<Refused>(() =>
        {
            using var file = Open(text, separator, format);
            ReadAll(file);
        });

    [Theory]
    [MemberData(nameof(Separators))]
    public void A_row_with_more_fields_than_the_header_is_refused_on_its_line(char separator)
    {
        var e = Refusal("date,open,close\n2019-01-02,1,2\n2019-01-03,10,11,9,10\n", separator);
        (e.Line, e.Field, e.Message).ShouldBe((3, "file", "5 fields, the header has 3"));
    }

    [Theory]
    [MemberData(nameof(Separators))]
    public void A_row_with_fewer_fields_than_the_header_is_refused_on_its_line(char separator)
    {
        var e = Refusal("date,open,close\n\n2019-01-02,1\n", separator);
        (e.Line, e.Message).ShouldBe((3, "2 fields, the header has 3"));
    }

    [Theory]
    [MemberData(nameof(Separators))]
    public void A_header_naming_a_column_twice_in_any_case_is_refused_on_line_one(char separator)
    {
        var e = Refusal("Date,open,close,DATE\n2019-01-02,1,2,3\n", separator);
        (e.Line, e.Field, e.Message).ShouldBe((1, "date", "the header names column 'date' twice (columns 1 and 4)"));
    }

    [Theory]
    [MemberData(nameof(Separators))]
    public void A_quote_never_closed_is_refused_on_the_line_it_opens(char separator)
    {
        var e = Refusal("date,open,close\n2019-01-02,1,2\n\"2019-01-03,10,11\n2019-01-04,10,11\n", separator);
        (e.Line, e.Field, e.Message).ShouldBe((3, "file", "a quoted field opened on this line is never closed"));
    }

    [Theory]
    [MemberData(nameof(Separators))]
    public void A_quote_never_closed_in_the_header_is_refused_on_line_one(char separator)
    {
        Refusal("\"date,open,close\n2019-01-02,1,2\n", separator).Line.ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Separators))]
    public void Quoted_fields_keep_separators_quotes_and_line_breaks_and_later_lines_keep_their_numbers(char separator)
    {
        var text = "id,headline\r\n1,\"a, \"\"quoted\"\"\nstory\"\r\n2,plain\r\n\r\n3,x,\n";
        using var file = Open(text, separator);
        file.Names.ShouldBe(["id", "headline"]);
        file.MoveNext().ShouldBeTrue();
        (file.Line, file.Current[1].Span.ToString()).ShouldBe((2, $"a{separator} \"quoted\"\nstory"));
        file.MoveNext().ShouldBeTrue();
        (file.Line, file.Current[1].Span.ToString()).ShouldBe((4, "plain"));
        // The blank line 5 is skipped; line 6 has a trailing separator, so three fields.
        Should.Throw<Refused>(() => file.MoveNext()).Line.ShouldBe(6);
    }

    [Theory]
    [MemberData(nameof(Separators))]
    public void Without_quote_parsing_a_quote_is_plain_text(char separator)
    {
        using var file = Open("name,value\nACME \"WIDGETS\" INC,1\nO\"BRIEN,2\n", separator, DelimitedFormat.Csv with { Quoted = false, Trim = false });
        ReadAll(file).Select(r => r[0]).ShouldBe(["ACME \"WIDGETS\" INC", "O\"BRIEN"]);
    }

    [Theory]
    [MemberData(nameof(Separators))]
    public void Header_names_are_trimmed_unquoted_and_lower_cased(char separator)
    {
        using var file = Open(" Symbol ,\"TAG\",Period_End\nA,B,C\n", separator);
        file.Names.ShouldBe(["symbol", "tag", "period_end"]);
        file.IndexOf("period_end").ShouldBe(2);
        file.IndexOf("value").ShouldBe(-1);
    }

    [Theory]
    [MemberData(nameof(Separators))]
    public void A_file_without_a_header_checks_every_row_against_the_declared_count(char separator)
    {
        var headerless = DelimitedFormat.Csv with { Header = false, Columns = 2, FieldCount = (n, _) => $"{n} fields; each line is word,polarity" };
        using (var file = Open("beats,1\nmisses,-1\n", separator, headerless))
        {
            ReadAll(file).Count.ShouldBe(2);
        }
        Refusal("beats,1\nmisses,-1,x\n", separator, headerless).ShouldSatisfyAllConditions(
            e => e.Line.ShouldBe(2), e => e.Message.ShouldBe("3 fields; each line is word,polarity"));
        // Sep numbers a headerless file's first row wrongly (its end line); the reader says line 1.
        Refusal("beats,1,x\nmisses,-1\n", separator, headerless).Line.ShouldBe(1);
    }

    [Fact]
    public void A_file_of_blank_lines_is_empty()
    {
        using var file = Open("\n  \n", ',');
        file.IsEmpty.ShouldBeTrue();
    }
}
