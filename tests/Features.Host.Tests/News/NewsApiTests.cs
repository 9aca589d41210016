using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Features.Host.Tests.Infrastructure;
using Features.PluginSdk;

namespace Features.Host.Tests.News;

/// <summary>The news data layer through the API, and the version hash of news features, on both backends.</summary>
public sealed class NewsApiTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> PostNewsAsync(HttpClient client, string text, string contentType, string url = "/api/v1/news")
    {
        using var payload = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        payload.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync(url, payload);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length > 0 ? JsonNode.Parse(body) : null);
    }

    private static async Task<JsonNode> IngestNewsAsync(HttpClient client, string ndjson)
    {
        var (status, body) = await PostNewsAsync(client, ndjson, "application/x-ndjson");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!;
    }

    private static string Line(string id, string publishedAt, string symbol, string headline = "Test Corp news", double sentiment = 0.5) =>
        $"{{\"id\":\"{id}\",\"published_at\":\"{publishedAt}\",\"symbols\":[\"{symbol}\"],\"headline\":\"{headline}\",\"sentiment\":{sentiment.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"relevance\":0.9}}\n";

    /// <summary>Weekday bars of January 2024 for a new symbol.</summary>
    private static async Task<string> SymbolWithBarsAsync(HttpClient client)
    {
        var symbol = ApiClient.NewSymbol();
        var bars = Enumerable.Range(0, 31).Select(d => new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(d))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .Select((d, i) => new Bar((d - DateTime.UnixEpoch).Ticks / 10, 100 + i, 101 + i, 99 + i, 100.5 + i, 1000));
        await client.IngestAsync(symbol, "1d", Csv.From(bars));
        return symbol;
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task An_item_is_upserted_by_id_and_ingesting_it_unchanged_changes_nothing(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = ApiClient.NewSymbol();
        var first = await IngestNewsAsync(client, Line(symbol + "-1", "2024-01-03T09:30:00-05:00", symbol) + Line(symbol + "-2", "2024-01-03T15:00:00Z", symbol));
        first["inserted"]!.GetValue<int>().ShouldBe(2);
        first["first_published_at"]!.GetValue<string>().ShouldStartWith("2024-01-03T14:30:00");
        first["symbols"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe([symbol]);
        var again = await IngestNewsAsync(client, Line(symbol + "-1", "2024-01-03T09:30:00-05:00", symbol) + Line(symbol + "-2", "2024-01-03T15:00:00Z", symbol, "Revised"));
        again["unchanged"]!.GetValue<int>().ShouldBe(1);
        again["updated"]!.GetValue<int>().ShouldBe(1);
    }

    public static TheoryData<string, string, string, string> BadUploads()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var b in Infrastructure.Backends.Names())
        {
            data.Add(b, "application/x-ndjson", "{\"id\":\"x1\",\"published_at\":\"2024-01-03T09:30:00\",\"symbols\":[\"AAA\"],\"headline\":\"h\"}\n", "line 1.published_at");
            data.Add(b, "application/x-ndjson", "{\"id\":\"x2\",\"published_at\":\"2024-01-03T09:30:00Z\",\"symbols\":[\"AAA\"],\"headline\":\"h\"}\n{\"id\":\"x3\",\"published_at\":\"2024-01-03T09:30:00Z\",\"symbols\":[],\"headline\":\"h\"}\n", "line 2.symbols");
            data.Add(b, "application/x-ndjson", "{\"id\":\"x4\",\"published_at\":\"2024-01-03T09:30:00Z\",\"symbols\":[\"AAA\"],\"headline\":\"h\",\"sentiment\":1.5}\n", "line 1.sentiment");
            data.Add(b, "application/x-ndjson", "{\"id\":\"x5\",\"published_at\":\"2024-01-03T09:30:00Z\",\"symbols\":[\"AAA\"],\"headline\":\"h\"}\nnot json\n", "line 2.json");
            data.Add(b, "text/csv", "id,published_at,symbols,headline\nx6,2024-01-03T09:30:00Z,AAA,h,extra\n", "line 2.file");
            data.Add(b, "text/csv", "id,published_at,symbols,headline,id\nx7,2024-01-03T09:30:00Z,AAA,h,x\n", "line 1.id");
            data.Add(b, "text/csv", "id,published_at,symbols,headline\nx8,2024-01-03T09:30:00Z,AAA,\"unterminated\n", "line 2.file");
        }
        return data;
    }

    [Theory, MemberData(nameof(BadUploads))]
    public async Task A_malformed_line_is_a_422_naming_it_and_nothing_of_the_upload_is_stored(string backend, string contentType, string text, string field)
    {
        var client = ApiClient.Client(backend);
        var (status, problem) = await PostNewsAsync(client, text, contentType);
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem.ErrorFields().ShouldBe([field]);
        // The good lines before the bad one were not stored either: the same ids are new afterwards.
        var id = "x" + Guid.NewGuid().ToString("N")[..8];
        var fresh = await IngestNewsAsync(client, Line(id, "2024-01-03T09:30:00Z", "AAA"));
        fresh["inserted"]!.GetValue<int>().ShouldBe(1);
        if (text.Contains("\"x2\""))
        {
            (await IngestNewsAsync(client, Line("x2", "2024-01-03T09:30:00Z", "AAA")))["inserted"]!.GetValue<int>().ShouldBe(1);
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_csv_in_a_multipart_form_with_quoted_commas_and_several_symbols_is_ingested(string backend)
    {
        var client = ApiClient.Client(backend);
        var (a, b) = (ApiClient.NewSymbol(), ApiClient.NewSymbol());
        var csv = $"id,published_at,symbols,headline,sentiment\r\n{a}-q,2024-01-04T12:00:00+01:00,{a};{b},\"Profits up, \"\"sharply\"\"\",0.3\r\n";
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "news.csv");
        using var response = await client.PostAsync("/api/v1/news", form);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        body!["inserted"]!.GetValue<int>().ShouldBe(1);
        body["symbols"]!.AsArray().Select(s => s!.GetValue<string>()).Order(StringComparer.Ordinal).ShouldBe(new[] { a, b }.Order(StringComparer.Ordinal));
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task The_version_hash_changes_with_a_new_or_changed_item_the_dataset_reads_and_with_nothing_else(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = await SymbolWithBarsAsync(client);
        var other = ApiClient.NewSymbol();
        var count = (await client.CreateFeatureAsync("news.count"))["id"]!.GetValue<string>();
        var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 3 }))["id"]!.GetValue<string>();
        await IngestNewsAsync(client, Line(symbol + "-a", "2024-01-03T10:00:00Z", symbol) + Line(symbol + "-b", "2024-01-06T10:00:00Z", symbol));

        async Task<(string Count, string Sma)> HashesAsync() => (
            (await client.GenerateAsync(count, symbol, "2024-01-02", "2024-01-20"))["version_hash"]!.GetValue<string>(),
            (await client.GenerateAsync(sma, symbol, "2024-01-02", "2024-01-20"))["version_hash"]!.GetValue<string>());

        var first = await client.GenerateAsync(count, symbol, "2024-01-02", "2024-01-20");
        var preview = first["preview"]!.AsArray();
        // Wednesday 3 Jan gets the 10:00 item; Saturday's rolls forward to Monday 8 Jan.
        preview.Select(r => r!["count"]!.GetValue<double>()).Take(6).ShouldBe([0, 1, 0, 0, 1, 0]);
        var baseline = await HashesAsync();

        await IngestNewsAsync(client, Line(other + "-x", "2024-01-05T10:00:00Z", other));
        (await HashesAsync()).ShouldBe(baseline, "an item of another symbol");
        await IngestNewsAsync(client, Line(symbol + "-a", "2024-01-03T10:00:00Z", symbol));
        (await HashesAsync()).ShouldBe(baseline, "an item ingested again unchanged");
        await IngestNewsAsync(client, Line(symbol + "-late", "2024-01-25T10:00:00Z", symbol));
        (await HashesAsync()).ShouldBe(baseline, "an item after the range");

        await IngestNewsAsync(client, Line(symbol + "-c", "2024-01-10T10:00:00Z", symbol));
        var added = await HashesAsync();
        added.Count.ShouldNotBe(baseline.Count, "a new item in the range");
        added.Sma.ShouldBe(baseline.Sma, "a plugin that reads no news");

        await IngestNewsAsync(client, Line(symbol + "-c", "2024-01-10T10:00:00Z", symbol, "Changed headline"));
        (await HashesAsync()).Count.ShouldNotBe(added.Count, "a changed item in the range");
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Lexicon_sentiment_reads_an_uploaded_lexicon_and_its_revision_changes_the_hash(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = await SymbolWithBarsAsync(client);
        var lexicon = "lx" + Guid.NewGuid().ToString("N")[..8];
        var feature = (await client.CreateFeatureAsync("news.lexicon_sentiment", new { lexicon }))["id"]!.GetValue<string>();
        var (missing, problem) = await client.PostJsonAsync($"/api/v1/features/{feature}/generate", new { symbol, timeframe = "1d", start_date = "2024-01-02", end_date = "2024-01-20" });
        missing.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem.ErrorFields().ShouldBe(["parameters.lexicon"]);

        var (status, uploaded) = await PostNewsAsync(client, "word,polarity\nstrong,1\nweak,-1\n", "text/csv", $"/api/v1/news/lexicons/{lexicon}");
        status.ShouldBe(HttpStatusCode.OK, uploaded?.ToJsonString());
        uploaded!["words"]!.GetValue<int>().ShouldBe(2);
        await IngestNewsAsync(client, Line(symbol + "-s", "2024-01-03T10:00:00Z", symbol, "Demand is not weak"));
        var first = await client.GenerateAsync(feature, symbol, "2024-01-02", "2024-01-20");
        first["preview"]!.AsArray()[1]!["score"]!.GetValue<double>().ShouldBe(1.0);

        await PostNewsAsync(client, "word,polarity\nstrong,1\nweak,-1\n", "text/csv", $"/api/v1/news/lexicons/{lexicon}");
        (await client.GenerateAsync(feature, symbol, "2024-01-02", "2024-01-20"))["cached"]!.GetValue<bool>().ShouldBeTrue();
        await PostNewsAsync(client, "word,polarity\nstrong,1\nweak,-2\n", "text/csv", $"/api/v1/news/lexicons/{lexicon}");
        var changed = await client.GenerateAsync(feature, symbol, "2024-01-02", "2024-01-20");
        changed["version_hash"]!.GetValue<string>().ShouldNotBe(first["version_hash"]!.GetValue<string>());
        changed["preview"]!.AsArray()[1]!["score"]!.GetValue<double>().ShouldBe(2.0);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Available_lists_the_news_plugins_under_type_news(string backend)
    {
        var client = ApiClient.Client(backend);
        var (status, list) = await client.GetJsonAsync("/api/v1/features/plugins/available?type=news");
        status.ShouldBe(HttpStatusCode.OK);
        list!.AsArray().Select(p => p!["key"]!.GetValue<string>()).Order(StringComparer.Ordinal)
            .ShouldBe(["news.abnormal_volume", "news.count", "news.lexicon_sentiment", "news.novelty", "news.sentiment"]);
    }
}
