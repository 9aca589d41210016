using System.Net;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;

namespace Features.Host.Tests.Api.MarketData;

public sealed class IngestionTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private static async Task<long?> BarCountAsync(HttpClient client, string symbol, string timeframe)
    {
        var (_, list) = await client.GetJsonAsync("/api/v1/market-data");
        var series = list!.AsArray().FirstOrDefault(s => s!["symbol"]!.GetValue<string>() == symbol && s["timeframe"]!.GetValue<string>() == timeframe);
        return series?["bar_count"]!.GetValue<long>();
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_reference_file_with_a_byte_order_mark_and_US_dates_is_ingested_whole(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        var bytes = await File.ReadAllBytesAsync(ReferenceData.QuotesPath("msft.csv"));
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF }, "msft.csv starts with a BOM");
        var result = await client.IngestAsync(symbol, "1d", bytes);
        result["inserted"]!.GetValue<int>().ShouldBe(8111);
        result["first_timestamp"]!.GetValue<string>().ShouldStartWith("1990-01-02T00:00:00");
        result["last_timestamp"]!.GetValue<string>().ShouldStartWith("2022-03-10T00:00:00");
        result["notes"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldContain(n => n.Contains("UTC"));
        (await BarCountAsync(client, symbol, "1d")).ShouldBe(8111);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Iso_timestamps_with_and_without_zones_are_read_as_the_same_instant(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        var csv = "timestamp,open,high,low,close,volume\n" +
                  "2024-03-01T14:30:00Z,1,2,0.5,1.5,10\n" +
                  "2024-03-01T15:30:00,1,2,0.5,1.5,10\n" +
                  "2024-03-01T12:30:00-04:00,1,2,0.5,1.5,10\n";
        var (status, body) = await client.IngestRawAsync(symbol, "1h", Csv.Text(csv));
        // 12:30-04:00 is 16:30Z: three distinct bars.
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        body!["inserted"]!.GetValue<int>().ShouldBe(3);
        body["last_timestamp"]!.GetValue<string>().ShouldStartWith("2024-03-01T16:30:00");

        var clash = "timestamp,open,high,low,close,volume\n2024-03-01T14:30:00Z,1,2,0.5,1.5,10\n2024-03-01T10:30:00-04:00,1,2,0.5,1.5,10\n";
        var (dupStatus, dup) = await client.IngestRawAsync(ApiClient.NewSymbol(), "1h", Csv.Text(clash));
        dupStatus.ShouldBe(HttpStatusCode.UnprocessableEntity);
        dup!["detail"]!.GetValue<string>().ShouldContain("duplicate timestamp");
    }

    public static TheoryData<string, string, string, string> BadFiles()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var b in Infrastructure.Backends.Names())
        {
            data.Add(b, "date,open,high,low,volume\n2024-01-02,1,2,0.5,10\n", "line 1", "missing column(s) close");
            data.Add(b, "date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1,abc,0.5,1.5,10\n", "line 3", "'abc' is not a finite number");
            data.Add(b, "date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1,0.4,0.5,0.45,10\n", "line 3", "high 0.4 is below low 0.5");
            data.Add(b, "date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1,2,0.5,1.5,10\n2024-01-02,1,2,0.5,1.5,11\n", "line 4", "duplicate timestamp");
            data.Add(b, "date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,-10\n", "line 2", "volume -10 is negative");
            data.Add(b, "date,open,high,low,close,volume\nyesterday,1,2,0.5,1.5,10\n", "line 2", "is not a date");
            data.Add(b, "date,open,high,low,close,volume\n2024-01-02,1,2,0.5,,10\n", "line 2", "close is empty");
            data.Add(b, "open,high,low,close,volume\n1,2,0.5,1.5,10\n", "line 1", "no date or timestamp column");
        }
        return data;
    }

    [Theory, MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_refused_with_its_line_number_and_nothing_is_ingested(string backend, string csv, string line, string message)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        var (status, problem) = await client.IngestRawAsync(symbol, "1d", Csv.Text(csv));
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        var detail = problem!["detail"]!.GetValue<string>();
        detail.ShouldContain(line);
        detail.ShouldContain(message);
        (await BarCountAsync(client, symbol, "1d")).ShouldBeNull();
    }

    public static TheoryData<string, string, string, string> HostileFiles()
    {
        const string header = "date,open,high,low,close,volume\n";
        const string good = "2024-01-02,1,2,0.5,1.5,10\n";
        var data = new TheoryData<string, string, string, string>();
        foreach (var b in Infrastructure.Backends.Names())
        {
            data.Add(b, header + good + "2024-01-03,10,11,9,10,5,7,8\n", "line 3", "8 fields, the header has 6");
            data.Add(b, "date,open,high,low,close,volume,date\n" + "2024-01-03,10,11,9,10,5,2024-01-04\n", "line 1", "the header names column 'date' twice");
            data.Add(b, header + good + "\"2024-01-03,10,11,9,10,5\n2024-01-04,10,11,9,10,5\n", "line 3", "a quoted field opened on this line is never closed");
        }
        return data;
    }

    [Theory, MemberData(nameof(HostileFiles))]
    public async Task A_hostile_file_over_a_stored_series_is_refused_naming_its_line_and_stores_nothing(string backend, string csv, string line, string message)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        var stored = await client.IngestAsync(symbol, "1d", Csv.Text("date,open,high,low,close,volume\n2023-12-29,1,2,0.5,1.5,10\n"));

        var (status, problem) = await client.IngestRawAsync(symbol, "1d", Csv.Text(csv));

        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        var detail = problem!["detail"]!.GetValue<string>();
        detail.ShouldContain(line);
        detail.ShouldContain(message);
        var (_, list) = await client.GetJsonAsync("/api/v1/market-data");
        var series = list!.AsArray().Single(s => s!["symbol"]!.GetValue<string>() == symbol);
        series!["revision"]!.GetValue<long>().ShouldBe(stored["revision"]!.GetValue<long>(), "the revision is not bumped");
        series["bar_count"]!.GetValue<long>().ShouldBe(1, "no bar of the refused file is stored");
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_revision_is_an_upsert_by_timestamp_and_an_identical_upload_changes_nothing(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        var bars = ReferenceData.Quotes("default.csv")[..50];
        var first = await client.IngestAsync(symbol, "1d", Csv.From(bars));
        first["revision"]!.GetValue<long>().ShouldBe(1);

        var again = await client.IngestAsync(symbol, "1d", Csv.From(bars));
        again["unchanged"]!.GetValue<int>().ShouldBe(50);
        again["revision"]!.GetValue<long>().ShouldBe(1);

        var revised = bars[40..].ToArray();
        revised[0] = revised[0] with { Close = revised[0].Close + 0.01, High = Math.Max(revised[0].High, revised[0].Close + 0.01) };
        var third = await client.IngestAsync(symbol, "1d", Csv.From(revised));
        third["updated"]!.GetValue<int>().ShouldBe(1);
        third["unchanged"]!.GetValue<int>().ShouldBe(9);
        third["revision"]!.GetValue<long>().ShouldBe(2);
        third["bar_count"]!.GetValue<long>().ShouldBe(50);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_Parquet_upload_is_read_like_a_CSV(string backend)
    {
        var client = ApiClient.Client(backend);
        var bars = ReferenceData.Quotes("default.csv")[..30];
        var symbol = ApiClient.NewSymbol();
        var result = await client.IngestAsync(symbol, "1d", ParquetFiles.Bars(bars), "application/vnd.apache.parquet");
        result["inserted"]!.GetValue<int>().ShouldBe(30);
        result["first_timestamp"]!.GetValue<string>().ShouldStartWith("2017-01-03T00:00:00");
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Symbols_and_timeframes_that_could_escape_their_place_are_refused(string backend)
    {
        var client = ApiClient.Client(backend);
        var csv = Csv.Text("date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,10\n");
        foreach (var (symbol, timeframe, field) in new[] { ("..", "1d", "symbol"), ("A%2FB", "1d", "symbol"), (new string('A', 65), "1d", "symbol"), ("AAPL", "2d", "timeframe") })
        {
            var (status, problem) = await client.IngestRawAsync(symbol, timeframe, csv);
            status.ShouldBeOneOf(HttpStatusCode.UnprocessableEntity, HttpStatusCode.NotFound);
            if (status == HttpStatusCode.UnprocessableEntity) problem.ErrorFields().ShouldContain(field);
        }
    }
}
