using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Features.Host.Tests.Fundamentals;
using Features.Host.Tests.Infrastructure;

namespace Features.Host.Tests.Api.Fundamentals;

/// <summary>
/// The fundamental pack over the Acme filings (see <see cref="FactBookTests"/> for the revenue history) on daily bars
/// closing at 16:00 New York, with the close held at 50 so the ratios are worked by hand.
/// </summary>
public sealed class FundamentalPluginsTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private static async Task<string> AcmeWithBarsAsync(HttpClient client)
    {
        using var zip = new ByteArrayContent(AcmeFixture.Zip());
        zip.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        (await client.PostAsync("/api/v1/fundamentals/sec-fsds", zip)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ticker = ApiClient.NewSymbol();
        using var map = new StringContent($"{{\"0\":{{\"cik_str\":{AcmeFixture.Cik},\"ticker\":\"{ticker}\",\"title\":\"Acme\"}}}}", Encoding.UTF8, "application/json");
        (await client.PostAsync("/api/v1/fundamentals/tickers", map)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var csv = new StringBuilder("date,open,high,low,close,volume\n");
        for (var day = new DateTime(2023, 1, 2); day < new DateTime(2024, 7, 1); day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) csv.Append($"{day:yyyy-MM-dd},50,50,50,50,1000\n");
        }
        await client.IngestAsync(ticker, "1d", Csv.Text(csv.ToString()));
        return ticker;
    }

    private static async Task<Func<string, string, double?>> GenerateAsync(HttpClient client, string ticker, string pluginKey, object parameters, string end = "2024-07-01")
    {
        var id = (await client.CreateFeatureAsync(pluginKey, parameters))["id"]!.GetValue<string>();
        var result = await client.GenerateAsync(id, ticker, "2023-01-01", end);
        var rows = JsonNode.Parse(await client.DownloadAsync(id, result["version_hash"]!.GetValue<string>(), "json"))!.AsArray();
        return (day, column) => rows.Single(r => r!["timestamp"]!.GetValue<string>() == day + "T00:00:00Z")![column]?.GetValue<double>();
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Each_bar_sees_the_revenue_ttm_known_at_its_close(string backend)
    {
        var client = ApiClient.Client(backend);
        var ticker = await AcmeWithBarsAsync(client);
        var value = await GenerateAsync(client, ticker, "fundamental.value", new { tag = "us-gaap:Revenues" });
        value("2023-02-15", "value").ShouldBeNull();   // the FY2022 10-K was accepted at 16:05, after that day's close
        value("2023-02-16", "value").ShouldBe(400);    // only annual figures yet
        value("2023-05-05", "value").ShouldBe(400);    // Q1 accepted 16:30, after the close
        value("2023-05-08", "value").ShouldBe(415);    // 400 + 110 - 95
        value("2024-02-14", "value").ShouldBe(458);    // 103 + 110 + 120 + 125
        value("2024-02-15", "value").ShouldBe(480);    // the 10-K accepted 17:45 the day before counts from this day
        value("2024-02-29", "value").ShouldBe(480);
        value("2024-03-01", "value").ShouldBe(470);    // the 10-K/A
        value("2024-05-03", "value").ShouldBe(470);    // Q1 2024 accepted exactly at the 16:00 close: not before it
        value("2024-05-06", "value").ShouldBe(490);    // 130 + 115 + 125 + 120

        var quarter = await GenerateAsync(client, ticker, "fundamental.value", new { tag = "Revenues", ttm = false });
        quarter("2024-02-15", "value").ShouldBe(125);  // Q4 = FY 480 - 9M 355
        quarter("2024-03-01", "value").ShouldBe(115);  // after the amendment
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Ratios_growth_and_days_since_filing_are_worked_by_hand(string backend)
    {
        var client = ApiClient.Client(backend);
        var ticker = await AcmeWithBarsAsync(client);
        var pe = await GenerateAsync(client, ticker, "fundamental.ratio", new { ratio = "pe" });
        pe("2024-05-06", "value")!.Value.ShouldBe(50 / 4.90, 1e-9);           // EPS TTM 1.30 + 1.15 + 1.25 + 1.20
        pe("2024-05-06", "market_cap").ShouldBe(500);                          // 50 x 10 shares (dei cover page)
        var pb = await GenerateAsync(client, ticker, "fundamental.ratio", new { ratio = "pb" });
        pb("2024-05-06", "value")!.Value.ShouldBe(500 / 630.0, 1e-12);
        var ps = await GenerateAsync(client, ticker, "fundamental.ratio", new { ratio = "ps" });
        ps("2024-05-06", "value")!.Value.ShouldBe(500 / 490.0, 1e-12);
        var growth = await GenerateAsync(client, ticker, "fundamental.growth", new { tag = "Revenues" });
        // TTM 490 against TTM to 2023-03-31 as known now: 105 (restated) + 103 + 102 + 100 = 410.
        growth("2024-05-06", "growth")!.Value.ShouldBe(490 / 410.0 - 1, 1e-12);
        var days = await GenerateAsync(client, ticker, "fundamental.days_since_filing", new { });
        days("2024-05-03", "days").ShouldBe(63);     // the 10-K/A of 2024-03-01
        days("2024-05-06", "days").ShouldBe(3);      // the 10-Q usable from 2024-05-03 20:00Z
    }

    [Fact]
    public async Task The_pack_is_listed_under_its_type()
    {
        var (status, body) = await ApiClient.Client(Infrastructure.Backends.Embedded).GetJsonAsync("/api/v1/features/plugins/available?type=fundamental");
        status.ShouldBe(HttpStatusCode.OK);
        body!.AsArray().Select(p => p!["key"]!.GetValue<string>()).Order(StringComparer.Ordinal)
            .ShouldBe(["fundamental.days_since_filing", "fundamental.growth", "fundamental.ratio", "fundamental.value"]);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_new_filing_changes_the_fingerprint_of_exactly_the_datasets_that_read_it(string backend)
    {
        var client = ApiClient.Client(backend);
        var ticker = await AcmeWithBarsAsync(client);
        var id = (await client.CreateFeatureAsync("fundamental.value", new { tag = "Revenues" }))["id"]!.GetValue<string>();
        var early = await client.GenerateAsync(id, ticker, "2023-01-01", "2024-04-01");
        var late = await client.GenerateAsync(id, ticker, "2023-01-01", "2024-07-01");

        var vendor = $"symbol,tag,period_end,qtrs,value,available_at\n{ticker},Revenues,2024-03-31,1,131,2024-06-10T12:00:00Z\n";
        using var csv = new ByteArrayContent(Encoding.UTF8.GetBytes(vendor));
        csv.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        (await client.PostAsync("/api/v1/fundamentals/facts", csv)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var earlyAgain = await client.GenerateAsync(id, ticker, "2023-01-01", "2024-04-01");
        earlyAgain["source_fingerprint"]!.GetValue<string>().ShouldBe(early["source_fingerprint"]!.GetValue<string>());
        earlyAgain["cached"]!.GetValue<bool>().ShouldBeTrue();
        var lateAgain = await client.GenerateAsync(id, ticker, "2023-01-01", "2024-07-01");
        lateAgain["source_fingerprint"]!.GetValue<string>().ShouldNotBe(late["source_fingerprint"]!.GetValue<string>());
        lateAgain["cached"]!.GetValue<bool>().ShouldBeFalse();
    }
}
