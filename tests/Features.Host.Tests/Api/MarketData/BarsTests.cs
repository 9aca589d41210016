using System.Net;
using System.Text;
using Features.Host.Tests.Infrastructure;

namespace Features.Host.Tests.Api.MarketData;

/// <summary>GET /api/v1/market-data/{symbol}/{timeframe}/bars: the bars a chart draws under a feature.</summary>
public sealed class BarsTests
{
    private const string Csv = "date,open,high,low,close,volume\n2024-01-02,10,12,9,11,100\n2024-01-03,11,13,10,12,200\n2024-01-04,12,14,11,13,300\n";

    [Theory]
    [MemberData(nameof(Backends.All), MemberType = typeof(Backends))]
    public async Task Returns_the_bars_of_the_range_oldest_first_with_the_end_exclusive(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Encoding.UTF8.GetBytes(Csv));

        var (status, body) = await client.GetJsonAsync($"/api/v1/market-data/{symbol}/1d/bars?start_date=2024-01-03&end_date=2024-01-04");

        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        var bars = body!.AsArray();
        bars.Count.ShouldBe(1);
        bars[0]!["timestamp"]!.GetValue<string>().ShouldBe("2024-01-03T00:00:00Z");
        bars[0]!["open"]!.GetValue<double>().ShouldBe(11);
        bars[0]!["high"]!.GetValue<double>().ShouldBe(13);
        bars[0]!["low"]!.GetValue<double>().ShouldBe(10);
        bars[0]!["close"]!.GetValue<double>().ShouldBe(12);
        bars[0]!["volume"]!.GetValue<double>().ShouldBe(200);
        var all = (await client.GetJsonAsync($"/api/v1/market-data/{symbol}/1d/bars?start_date=2024-01-01&end_date=2024-02-01")).Body!.AsArray();
        all.Select(b => b!["close"]!.GetValue<double>()).ShouldBe([11, 12, 13]);
    }

    [Fact]
    public async Task An_unknown_series_is_404_and_a_reversed_range_is_422_naming_end_date()
    {
        var client = ApiClient.Client(Backends.Embedded);
        (await client.GetAsync("/api/v1/market-data/NOSUCHSYMBOL/1d/bars?start_date=2024-01-01&end_date=2024-02-01")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var (status, problem) = await client.GetJsonAsync("/api/v1/market-data/DEMO/1d/bars?start_date=2024-02-01&end_date=2024-01-01");
        status.ShouldBe((HttpStatusCode)422);
        problem!["errors"]!["end_date"].ShouldNotBeNull();
    }
}
