using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Features.Host.Fundamentals;
using Features.Plugins.Fundamental.Common;
using Features.Host.Tests.Fundamentals;
using Features.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Features.Host.Tests.Fundamentals.AcmeFixture;

namespace Features.Host.Tests.Api.Fundamentals;

public sealed class IngestionTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(HttpClient client, string path, HttpContent content)
    {
        using var response = await client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    private static ByteArrayContent Body(byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private static MultipartFormDataContent Form(params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files) form.Add(Body(bytes, "text/tab-separated-values"), "file", name);
        return form;
    }

    private static async Task MapAsync(HttpClient client, string ticker, long cik)
    {
        var (status, body) = await PostAsync(client, "/api/v1/fundamentals/tickers",
            Body(Encoding.UTF8.GetBytes($"{{\"0\":{{\"cik_str\":{cik},\"ticker\":\"{ticker}\",\"title\":\"Test\"}}}}"), "application/json"));
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        body!["tickers"]!.GetValue<int>().ShouldBe(1);
    }

    private static Task<IReadOnlyList<KnownFact>> ReadAsync(string backend, string symbol, string knownBy = "2030-01-01T00:00:00Z") =>
        TestHosts.Get(backend).Services.GetRequiredService<FundamentalStore>().ReadAsync(symbol, Utc(knownBy), CancellationToken.None);

    [Theory, MemberData(nameof(Backends))]
    public async Task The_quarterly_zip_is_stored_whole_and_read_back_point_in_time_through_the_ticker(string backend)
    {
        var client = ApiClient.Client(backend);
        var (status, body) = await PostAsync(client, "/api/v1/fundamentals/sec-fsds", Body(Zip(), "application/zip"));
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        body!["filings"]!.GetValue<int>().ShouldBe(7);
        body["rows"]!.GetValue<int>().ShouldBe(45);
        body["not_consolidated"]!.GetValue<int>().ShouldBe(2);
        body["conflicts"]!.GetValue<int>().ShouldBe(1);
        (body["facts_inserted"]!.GetValue<int>() + body["facts_unchanged"]!.GetValue<int>()).ShouldBe(42);

        // Re-sending the same filings changes nothing (as sub.txt and num.txt this time).
        var (again, second) = await PostAsync(client, "/api/v1/fundamentals/sec-fsds", Form(("sub.txt", Sub), ("num.txt", Num)));
        again.ShouldBe(HttpStatusCode.OK, second?.ToJsonString());
        second!["new_filings"]!.GetValue<int>().ShouldBe(0);
        second["facts_unchanged"]!.GetValue<int>().ShouldBe(42);

        var ticker = ApiClient.NewSymbol();
        (await ReadAsync(backend, ticker)).ShouldBeEmpty();
        await MapAsync(client, ticker, Cik);
        var facts = await ReadAsync(backend, ticker);
        facts.Count.ShouldBe(42);
        facts.Select(f => f.KnownAt).ShouldBeInOrder();
        BookAsOf(facts, Utc("2024-05-10T00:00:00Z")).LatestTtm("Revenues").ShouldBe((490.0, Day(2024, 3, 31)));
        // Facts not yet known are not even read: the 10-K accepted 2024-02-14 17:45 ET counts from 05:00Z on the 15th.
        (await ReadAsync(backend, ticker, "2024-02-15T04:59:59Z")).ShouldNotContain(f => f.Accession == "0009999901-24-000001");
        (await ReadAsync(backend, ticker, "2024-02-15T05:00:00Z")).ShouldContain(f => f.Accession == "0009999901-24-000001");
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Vendor_facts_are_known_from_their_available_at(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        var csv = "symbol,tag,period_end,qtrs,value,available_at\n" +
                  $"{symbol},Revenues,2024-03-31,1,10,2024-05-01T20:00:00Z\n" +
                  $"{symbol},Revenues,2024-03-31,1,12,2024-06-01T20:00:00Z\n" +
                  $"{symbol},Revenues,2024-03-31,1,13,2024-06-01T20:00:00Z\n";
        var (status, body) = await PostAsync(client, "/api/v1/fundamentals/facts", Body(Encoding.UTF8.GetBytes(csv), "text/csv"));
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        body!["filings"]!.GetValue<int>().ShouldBe(2);
        body["conflicts"]!.GetValue<int>().ShouldBe(1);
        body["notes"]!.AsArray().Count.ShouldBe(1);
        var facts = await ReadAsync(backend, symbol);
        BookAsOf(facts, Utc("2024-05-15T00:00:00Z")).Quarter("Revenues", Day(2024, 3, 31)).ShouldBe(10);
        BookAsOf(facts, Utc("2024-06-01T20:00:00Z")).Quarter("Revenues", Day(2024, 3, 31)).ShouldBe(12);
    }

    public static TheoryData<string, string, string, string> HostileUploads()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var b in Infrastructure.Backends.Names())
        {
            data.Add(b, "sec", "0000000001-24-000001\tRevenues\tus-gaap/2023\t20240331\t1\tUSD\t1\textra\n", "num.txt line 3");
            data.Add(b, "sec", "0000000001-24-000001\tRevenues\tus-gaap/2023\t20240331\tone\tUSD\t1\n", "num.txt line 3");
            data.Add(b, "vendor", "{0},Revenues,2024-03-31,1,10,2024-05-01\n", "csv line 3");
            data.Add(b, "vendor", "{0},Revenues,2024-03-31,1,\"10,2024-05-01T00:00:00Z\n", "csv line 3");
        }
        return data;
    }

    [Theory, MemberData(nameof(HostileUploads))]
    public async Task A_malformed_line_is_a_422_naming_file_and_line_and_nothing_is_stored(string backend, string kind, string badLine, string place)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        var cik = Random.Shared.NextInt64(100_000_000, 999_999_999);
        var adsh = $"{cik:D10}-24-000001";
        (HttpStatusCode, JsonNode?) result;
        if (kind == "sec")
        {
            var sub = $"adsh\tcik\tname\tform\tperiod\tfy\tfp\taccepted\n{adsh}\t{cik}\tX\t10-Q\t20240331\t2024\tQ1\t2024-05-02 16:00:00.0\n";
            var num = $"adsh\ttag\tversion\tddate\tqtrs\tuom\tvalue\n{adsh}\tAssets\tus-gaap/2023\t20240331\t0\tUSD\t5\n" + badLine.Replace("0000000001-24-000001", adsh);
            await MapAsync(client, symbol, cik);
            result = await PostAsync(client, "/api/v1/fundamentals/sec-fsds", Form(("sub.txt", Encoding.UTF8.GetBytes(sub)), ("num.txt", Encoding.UTF8.GetBytes(num))));
        }
        else
        {
            var csv = $"symbol,tag,period_end,qtrs,value,available_at\n{symbol},Assets,2024-03-31,0,5,2024-05-01T00:00:00Z\n" + string.Format(badLine, symbol);
            result = await PostAsync(client, "/api/v1/fundamentals/facts", Body(Encoding.UTF8.GetBytes(csv), "text/csv"));
        }
        var (status, problem) = result;
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem!["detail"]!.GetValue<string>().ShouldStartWith(place + ":");
        problem.ErrorFields().ShouldBe([place]);
        (await ReadAsync(backend, symbol)).ShouldBeEmpty();
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task An_upload_without_its_files_is_refused_saying_what_to_send(string backend)
    {
        var client = ApiClient.Client(backend);
        var (status, problem) = await PostAsync(client, "/api/v1/fundamentals/sec-fsds", Form(("sub.txt", Sub)));
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem!["detail"]!.GetValue<string>().ShouldContain("no num.txt");
        var (zipStatus, zipProblem) = await PostAsync(client, "/api/v1/fundamentals/sec-fsds", Body("PK\u0003\u0004 not really a zip"u8.ToArray(), "application/zip"));
        zipStatus.ShouldBe(HttpStatusCode.UnprocessableEntity);
        zipProblem!["detail"]!.GetValue<string>().ShouldContain("not a readable zip");
        var (tickerStatus, tickerProblem) = await PostAsync(client, "/api/v1/fundamentals/tickers", Body("{\"0\":{\"ticker\":\"A\"}}"u8.ToArray(), "application/json"));
        tickerStatus.ShouldBe(HttpStatusCode.UnprocessableEntity);
        tickerProblem!["detail"]!.GetValue<string>().ShouldContain("cik_str");
    }
}
