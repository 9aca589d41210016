using System.Text;
using Features.Host.MarketData;
using Features.Host.Tests.Infrastructure;

namespace Features.Host.Tests.MarketData;

/// <summary>The CSV reader on its own: RFC 4180 files as vendors write them, and the malformed ones it must refuse by line.</summary>
public sealed class CsvBarReaderTests
{
    private static List<(long Timestamp, double Open, double High, double Low, double Close, double Volume)> Read(string text, bool byteOrderMark = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (byteOrderMark) bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        var bars = new List<(long, double, double, double, double, double)>();
        foreach (var block in CsvBarReader.Read(new MemoryStream(bytes), new UploadBatcher(1_000)))
        {
            for (var i = 0; i < block.Count; i++) bars.Add((block.Timestamp[i], block.Open[i], block.High[i], block.Low[i], block.Close[i], block.Volume[i]));
        }
        return bars;
    }

    private static BarFileException Refused(string text) => Should.Throw<BarFileException>(() => Read(text));

    [Fact]
    public void Quoted_fields_with_embedded_separators_quotes_and_line_breaks_are_read_under_CRLF()
    {
        var csv = "\"date\",\"open\",high,low,close,volume,note\r\n" +
                  "\"2024-01-02\",\"1\",2,0.5,1.5,10,\"a, b\"\r\n" +
                  "2024-01-03,1,2,0.5,1.5,11,\"she said \"\"hi\"\"\"\r\n" +
                  "2024-01-04, 1 ,2,0.5,1.5,12,\"two\r\nlines\"\r\n";
        var bars = Read(csv, byteOrderMark: true);
        bars.Count.ShouldBe(3);
        bars.Select(b => b.Timestamp).ShouldBe([Csv.Micros("2024-01-02"), Csv.Micros("2024-01-03"), Csv.Micros("2024-01-04")]);
        bars.Select(b => b.Volume).ShouldBe([10d, 11, 12]);
        bars[2].Open.ShouldBe(1);
    }

    [Fact]
    public void Blank_lines_are_skipped_and_a_scalar_series_fills_every_price()
    {
        var bars = Read("date,value\n\n2024-01-02,4.25\n   \n2024-01-03,4.5\n\n");
        bars.ShouldBe([(Csv.Micros("2024-01-02"), 4.25, 4.25, 4.25, 4.25, 0), (Csv.Micros("2024-01-03"), 4.5, 4.5, 4.5, 4.5, 0)]);
    }

    [Fact]
    public void An_error_after_a_field_spanning_two_lines_names_the_line_it_is_on()
    {
        var e = Refused("date,open,high,low,close,volume,note\n2024-01-02,1,2,0.5,1.5,10,\"x\ny\"\n2024-01-03,1,abc,0.5,1.5,10,z\n");
        e.Line.ShouldBe(4);
        e.Field.ShouldBe("high");
    }

    [Theory]
    [InlineData("2019-01-03,10,11,9,10,5,7,8", "8 fields, the header has 6")]
    [InlineData("2019-01-03,10,11", "3 fields, the header has 6")]
    public void A_row_with_more_or_fewer_fields_than_the_header_is_refused_with_its_line(string row, string message)
    {
        var e = Refused("date,open,high,low,close,volume\n2019-01-02,10,11,9,10,5\n" + row + "\n");
        e.Line.ShouldBe(3);
        e.Message.ShouldContain(message);
    }

    [Theory]
    [InlineData("date,open,high,low,close,volume,date", "date")]
    [InlineData("Date,open,high,low,close,volume,DATE", "date")]
    [InlineData("date,open,high,low,close,volume,\"volume\"", "volume")]
    public void A_header_naming_a_column_twice_is_refused_on_line_one(string header, string column)
    {
        var e = Refused(header + "\n2019-01-03,10,11,9,10,5,1\n");
        e.Line.ShouldBe(1);
        e.Field.ShouldBe(column);
        e.Message.ShouldContain($"the header names column '{column}' twice");
    }

    [Theory]
    [InlineData("\"2019-01-03,10,11,9,10,5\n2019-01-04,10,11,9,10,5\n", 3)]
    [InlineData("2019-01-03,10,11,9,10,5\n2019-01-04,10,11,9,10,\"5\n", 4)]
    [InlineData("2019-01-03,10,11,9,10,5\n\"2019-01-04,10,11,9,10,5", 4)]
    public void An_unterminated_quoted_field_is_refused_with_the_line_it_opens_on(string rows, int line)
    {
        var e = Refused("date,open,high,low,close,volume\n2019-01-02,10,11,9,10,5\n" + rows);
        e.Line.ShouldBe(line);
        e.Message.ShouldContain("never closed");
    }

    [Theory]
    [InlineData("-0")]
    [InlineData("0.1")]
    [InlineData("+5.")]
    [InlineData(".5")]
    [InlineData("00012.50")]
    [InlineData("123.4567")]
    [InlineData("999999999999999")]
    [InlineData("1234567890.12345")]
    [InlineData("0.30000000000000004")]
    [InlineData("1e3")]
    [InlineData("2.5E-3")]
    public void A_number_is_the_same_double_the_general_parser_gives(string text)
    {
        var value = Read($"date,value\n2024-01-02,{text}\n").Single().Close;
        BitConverter.DoubleToInt64Bits(value).ShouldBe(BitConverter.DoubleToInt64Bits(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Text_that_is_not_UTF8_is_refused_by_the_decoder()
    {
        byte[] bytes = [.. "date,value\n2024-01-02,"u8.ToArray(), 0xff, 0xfe, 0x0a];
        Should.Throw<DecoderFallbackException>(() => CsvBarReader.Read(new MemoryStream(bytes), new UploadBatcher(10)).ToList());
    }
}
