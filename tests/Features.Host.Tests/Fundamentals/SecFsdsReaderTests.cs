using System.Text;
using Features.Host.Fundamentals;

namespace Features.Host.Tests.Fundamentals;

public sealed class SecFsdsReaderTests
{
    private const string Sub = "adsh\tcik\tname\tform\tperiod\tfy\tfp\tfiled\taccepted\n" +
                               "0000000001-24-000001\t1\tONE CORP\t10-Q\t20240331\t2024\tQ1\t20240502\t2024-05-02 16:01:00.0\n";

    private static FactUpload ReadSec(string sub, string num)
    {
        var upload = new FactUpload();
        SecFsdsReader.ReadSubmissions(new MemoryStream(Encoding.UTF8.GetBytes(sub)), upload);
        SecFsdsReader.ReadNumbers(new MemoryStream(Encoding.UTF8.GetBytes(num)), upload);
        return upload;
    }

    [Fact]
    public void The_acme_fixture_keeps_the_consolidated_entity_only_and_counts_what_it_left_out()
    {
        var upload = AcmeFixture.Read();
        upload.Filings.Count.ShouldBe(7);
        upload.Rows.ShouldBe(45);
        upload.NotConsolidated.ShouldBe(2); // a segment row and a co-registrant row
        upload.Conflicts.ShouldBe(1);
        upload.FactCount.ShouldBe(42);
        var tenK = upload.Find("0009999901-24-000001")!.Filing;
        tenK.Form.ShouldBe("10-K");
        tenK.AcceptedAt.ShouldBe(new DateTime(2024, 2, 14, 22, 45, 0, DateTimeKind.Utc));
        tenK.KnownAt.ShouldBe(new DateTime(2024, 2, 15, 5, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void The_older_layout_without_segments_and_columns_in_another_order_read_alike()
    {
        var upload = ReadSec(Sub,
            "adsh\ttag\tversion\tcoreg\tddate\tqtrs\tuom\tvalue\tfootnote\n" +
            "0000000001-24-000001\tRevenues\tus-gaap/2023\t\t20240331\t1\tUSD\t12.5\t\n" +
            "0000000001-24-000001\tRevenues\tus-gaap/2023\tSUB LLC\t20240331\t1\tUSD\t3\t\n" +
            "0000000001-24-000001\tRevenues\tus-gaap/2023\t\t20240331\t1\tUSD\t12.5\t\n" +
            "0000000001-24-000001\tAssets\tus-gaap/2023\t\t20240331\t0\tUSD\t\t\n" +
            "0000000001-24-000001\tRevenues\tus-gaap/2023\t\t20240331\t8\tUSD\t40\t\n");
        var facts = upload.Find("0000000001-24-000001")!.Facts;
        facts.Count.ShouldBe(1);
        facts[new FactKey("Revenues", new DateTime(2024, 3, 31, 0, 0, 0, DateTimeKind.Utc), 1)].Value.ShouldBe(12.5);
        upload.NotConsolidated.ShouldBe(1);
        upload.Duplicates.ShouldBe(1);
        upload.Unsupported.ShouldBe(2); // no value; eight quarters
    }

    public static TheoryData<string, string, string, string> Malformed() => new()
    {
        { Sub, "adsh\ttag\tversion\tddate\tqtrs\tuom\tvalue\n0000000001-24-000001\tRevenues\tus-gaap/2023\t20240331\t1\tUSD\t1\t7\n", "num.txt line 2", "8 field(s) where the header has 7" },
        { Sub, "adsh\ttag\tversion\tddate\tqtrs\tuom\n0000000001-24-000001\tRevenues\tus-gaap/2023\t20240331\t1\tUSD\n", "num.txt line 1", "missing column 'value'" },
        { Sub, "adsh\ttag\tversion\tddate\tqtrs\tuom\tvalue\n0000000009-24-000001\tRevenues\tus-gaap/2023\t20240331\t1\tUSD\t1\n", "num.txt line 2", "is not a filing of sub.txt" },
        { Sub, "adsh\ttag\tversion\tddate\tqtrs\tuom\tvalue\n0000000001-24-000001\tRevenues\tus-gaap/2023\t20240331\t1\tUSD\t1e999\n", "num.txt line 2", "is not a finite number" },
        { Sub, "adsh\ttag\tversion\tddate\tqtrs\tuom\tvalue\n0000000001-24-000001\tRevenues\tus-gaap/2023\t2024-13-01\t1\tUSD\t1\n", "num.txt line 2", "is not a date" },
        { Sub, "adsh\ttag\tversion\tddate\tqtrs\tuom\tvalue\tadsh\n", "num.txt line 1", "names column 'adsh' twice" },
        { Sub.Replace("2024-05-02 16:01:00.0", "yesterday"), "adsh\ttag\tversion\tddate\tqtrs\tuom\tvalue\n", "sub.txt line 2", "is not an EDGAR timestamp" },
        { Sub.Replace("2024-05-02 16:01:00.0", "2024-03-10 02:30:00"), "adsh\ttag\tversion\tddate\tqtrs\tuom\tvalue\n", "sub.txt line 2", "does not exist in US Eastern time" },
        { Sub + Sub.Split('\n')[1] + "\n", "adsh\ttag\tversion\tddate\tqtrs\tuom\tvalue\n", "sub.txt line 3", "is listed twice" },
        { "", "", "sub.txt", "the file is empty" },
    };

    [Theory, MemberData(nameof(Malformed))]
    public void A_malformed_file_names_its_file_and_line(string sub, string num, string place, string reason)
    {
        var error = Should.Throw<FundamentalFileException>(() => ReadSec(sub, num));
        error.Place.ShouldBe(place);
        error.Reason.ShouldContain(reason);
    }

    [Fact]
    public void Vendor_facts_need_a_zone_and_group_by_symbol_and_availability()
    {
        var upload = new FactUpload();
        VendorFactsReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(
            "symbol,tag,period_end,qtrs,value,available_at\n" +
            "ZZZ,us-gaap:Revenues,2024-03-31,1,10,2024-05-01T20:00:00Z\n" +
            "ZZZ,NetIncomeLoss,2024-03-31,1,2,2024-05-01T16:00:00-04:00\n" +
            "ZZZ,Revenues,2024-03-31,1,11,2024-06-01T20:00:00Z\n")), upload);
        upload.Filings.Count.ShouldBe(2);
        var first = upload.Filings.First();
        first.Filing.KnownAt.ShouldBe(new DateTime(2024, 5, 1, 20, 0, 0, DateTimeKind.Utc));
        first.Facts.Keys.Select(k => k.Tag).Order().ShouldBe(["NetIncomeLoss", "Revenues"]);

        var error = Should.Throw<FundamentalFileException>(() => VendorFactsReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(
            "symbol,tag,period_end,qtrs,value,available_at\nZZZ,Revenues,2024-03-31,1,10,2024-05-01T20:00:00\n")), new FactUpload()));
        error.Place.ShouldBe("csv line 2");
        error.Reason.ShouldContain("has no zone");
    }

    [Fact]
    public void Company_tickers_map_several_tickers_to_one_cik_and_refuse_one_ticker_for_two()
    {
        var tickers = CompanyTickersReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(
            "{\"0\":{\"cik_str\":1652044,\"ticker\":\"GOOGL\",\"title\":\"Alphabet Inc.\"},\"1\":{\"cik_str\":1652044,\"ticker\":\"GOOG\",\"title\":\"Alphabet Inc.\"}}")), 32);
        tickers.Select(t => (t.Ticker, t.Cik)).Order().ShouldBe([("GOOG", 1652044L), ("GOOGL", 1652044L)]);
        Should.Throw<FundamentalFileException>(() => CompanyTickersReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(
            "{\"0\":{\"cik_str\":1,\"ticker\":\"AAA\",\"title\":\"A\"},\"1\":{\"cik_str\":2,\"ticker\":\"AAA\",\"title\":\"B\"}}")), 32))
            .Reason.ShouldContain("listed for CIK 1 and CIK 2");
    }
}
