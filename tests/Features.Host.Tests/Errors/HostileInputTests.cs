using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;

namespace Features.Host.Tests.Errors;

/// <summary>
/// Malformed and hostile requests across every endpoint: each gets a 4xx problem+json that names the field,
/// never a 500, and the stored state (features, market data, datasets) is the same afterwards.
/// </summary>
public sealed class HostileInputTests
{
    /// <summary>One hostile request. {id} is an existing feature; the expected field is an <c>errors</c> key (or a part of one).</summary>
    public sealed record Case(string Method, string Url, byte[]? Body, string? ContentType, int Status, string? Field);

    private const string Json = "application/json";
    private const string CsvType = "text/csv";
    private const string Header = "date,open,high,low,close,volume\n";

    private static Case J(string method, string url, string body, int status, string? field) => new(method, url, Encoding.UTF8.GetBytes(body), Json, status, field);
    private static Case C(string url, string csv, string? field, int status = 422) => new("POST", url, Encoding.UTF8.GetBytes(csv), CsvType, status, field);
    private static Case G(string url, int status, string? field) => new("GET", url, null, null, status, field);

    private static readonly string Long300 = new('A', 300);

    public static readonly IReadOnlyDictionary<string, Case> Cases = new Dictionary<string, Case>
    {
        // Create: JSON that cannot be read
        ["create: truncated JSON"] = J("POST", "/api/v1/features", """{"name": "x", """, 422, ""),
        ["create: trailing garbage"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma"} xx""", 422, ""),
        ["create: array body"] = J("POST", "/api/v1/features", "[1,2]", 422, "body"),
        ["create: string body"] = J("POST", "/api/v1/features", "\"hello\"", 422, "body"),
        ["create: single quotes"] = J("POST", "/api/v1/features", "{'name':'x'}", 422, ""),
        ["create: name is a number"] = J("POST", "/api/v1/features", """{"name": 5, "plugin_key":"technical.sma"}""", 422, "name"),
        ["create: name is an object"] = J("POST", "/api/v1/features", """{"name": {"a":1}, "plugin_key":"technical.sma"}""", 422, "name"),
        ["create: plugin_key is an array"] = J("POST", "/api/v1/features", """{"name": "x", "plugin_key":["technical.sma"]}""", 422, "plugin_key"),
        ["create: NaN literal"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","parameters":{"period":NaN}}""", 422, "parameters"),
        ["create: Infinity literal"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","parameters":{"period":Infinity}}""", 422, "parameters"),
        ["create: NaN as a string"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","parameters":{"period":"NaN"}}""", 422, "parameters.period"),
        ["create: number beyond double"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","parameters":{"period":1e400}}""", 422, "parameters.period"),
        ["create: huge integer"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","parameters":{"period":99999999999999999999999}}""", 422, "parameters.period"),
        ["create: negative period"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","parameters":{"period":-5}}""", 422, "parameters.period"),
        ["create: fractional period"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","parameters":{"period":2.5}}""", 422, "parameters.period"),
        ["create: parameters is an array"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","parameters":[1]}""", 422, "parameters"),
        ["create: unknown parameter"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","parameters":{"bogus":1}}""", 422, "parameters.bogus"),
        ["create: unknown field"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","paramters":{"period":3}}""", 422, "paramters"),
        ["create: NUL in name"] = J("POST", "/api/v1/features", """{"name":"a\u0000b","plugin_key":"technical.sma"}""", 422, "name"),
        ["create: raw control character in JSON string"] = J("POST", "/api/v1/features", "{\"name\":\"a\u0001b\",\"plugin_key\":\"technical.sma\"}", 422, "name"),
        ["create: bell in name"] = J("POST", "/api/v1/features", """{"name":"a\u0007b","plugin_key":"technical.sma"}""", 422, "name"),
        ["create: lone surrogate in name"] = J("POST", "/api/v1/features", """{"name":"a\ud800b","plugin_key":"technical.sma"}""", 422, "name"),
        ["create: name of 256 characters"] = J("POST", "/api/v1/features", $$"""{"name":"{{new string('é', 256)}}","plugin_key":"technical.sma"}""", 422, "name"),
        ["create: empty name"] = J("POST", "/api/v1/features", """{"name":"","plugin_key":"technical.sma"}""", 422, "name"),
        ["create: blank name"] = J("POST", "/api/v1/features", """{"name":" \t ","plugin_key":"technical.sma"}""", 422, "name"),
        ["create: NUL in description"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","description":"a\u0000"}""", 422, "description"),
        ["create: description of 4001 characters"] = J("POST", "/api/v1/features", $$"""{"name":"x","plugin_key":"technical.sma","description":"{{new string('d', 4001)}}"}""", 422, "description"),
        ["create: unknown type"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","type":"weird"}""", 422, "type"),
        ["create: type not the plugin's"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","type":"statistical"}""", 422, "type"),
        ["create: unknown plugin"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.nope"}""", 422, "plugin_key"),
        ["create: path as plugin key"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"../../etc/passwd"}""", 422, "plugin_key"),
        ["create: NUL in parameter string"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"macro.asof","parameters":{"series":"C\u0000PI"}}""", 422, "parameters.series"),
        ["create: storage prefix climbing out"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","storage_prefix":"../x"}""", 422, "storage_prefix"),
        ["create: NUL in storage prefix"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","storage_prefix":"a\u0000b"}""", 422, "storage_prefix"),
        ["create: storage prefix of 300 characters"] = J("POST", "/api/v1/features", $$"""{"name":"x","plugin_key":"technical.sma","storage_prefix":"{{Long300}}"}""", 422, "storage_prefix"),
        ["create: nesting 100 deep"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","parameters":""" + new string('[', 100) + new string(']', 100) + "}", 422, "parameters"),
        ["create: body over the JSON limit"] = J("POST", "/api/v1/features", """{"name":"x","plugin_key":"technical.sma","description":" """ + new string(' ', 1_100_000) + "\"}", 413, "body"),
        ["create: empty JSON body"] = J("POST", "/api/v1/features", "", 422, "body"),
        ["create: JSON null"] = J("POST", "/api/v1/features", "null", 422, "name"),
        ["create: wrong content type"] = new("POST", "/api/v1/features", Encoding.UTF8.GetBytes("name=x"), "application/x-www-form-urlencoded", 415, "content_type"),

        // List
        ["list: negative skip"] = G("/api/v1/features?skip=-1", 422, "skip"),
        ["list: zero limit"] = G("/api/v1/features?limit=0", 422, "limit"),
        ["list: limit above the cap"] = G("/api/v1/features?limit=100000", 422, "limit"),
        ["list: limit not a number"] = G("/api/v1/features?limit=abc", 422, "limit"),
        ["list: limit beyond int"] = G("/api/v1/features?limit=99999999999999999999", 422, "limit"),
        ["list: skip in exponent form"] = G("/api/v1/features?skip=1e3", 422, "skip"),

        // Get, update
        ["get: id not a UUID"] = G("/api/v1/features/not-a-uuid", 404, "feature_id"),
        ["update: version is a string"] = J("PATCH", "/api/v1/features/{id}", """{"version":"abc"}""", 422, "version"),
        ["update: version beyond int"] = J("PATCH", "/api/v1/features/{id}", """{"version":1e10}""", 422, "version"),
        ["update: fractional version"] = J("PATCH", "/api/v1/features/{id}", """{"version":1.5}""", 422, "version"),
        ["update: storage_uri elsewhere"] = J("PATCH", "/api/v1/features/{id}", """{"storage_uri":"s3://someone-else/x/"}""", 422, "storage_uri"),
        ["update: name of 300 characters"] = J("PATCH", "/api/v1/features/{id}", $$"""{"name":"{{Long300}}"}""", 422, "name"),
        ["update: parameter out of range"] = J("PATCH", "/api/v1/features/{id}", """{"parameters":{"period":0}}""", 422, "parameters.period"),
        ["update: unknown field"] = J("PATCH", "/api/v1/features/{id}", """{"nmae":"x"}""", 422, "nmae"),
        ["update: stale version"] = J("PATCH", "/api/v1/features/{id}", """{"version":999,"name":"y"}""", 409, null),

        // Generate, regenerate
        ["generate: symbol is a number"] = J("POST", "/api/v1/features/{id}/generate", """{"symbol":5,"start_date":"2020-01-01","end_date":"2020-02-01"}""", 422, "symbol"),
        ["generate: symbol climbing out"] = J("POST", "/api/v1/features/{id}/generate", """{"symbol":"../../x","start_date":"2020-01-01","end_date":"2020-02-01"}""", 422, "symbol"),
        ["generate: symbol with a slash"] = J("POST", "/api/v1/features/{id}/generate", """{"symbol":"a/b","start_date":"2020-01-01","end_date":"2020-02-01"}""", 422, "symbol"),
        ["generate: NUL in symbol"] = J("POST", "/api/v1/features/{id}/generate", """{"symbol":"a\u0000b","start_date":"2020-01-01","end_date":"2020-02-01"}""", 422, "symbol"),
        ["generate: symbol of 300 characters"] = J("POST", "/api/v1/features/{id}/generate", $$"""{"symbol":"{{Long300}}","start_date":"2020-01-01","end_date":"2020-02-01"}""", 422, "symbol"),
        ["generate: unsupported timeframe"] = J("POST", "/api/v1/features/{id}/generate", """{"symbol":"HOST","timeframe":"2d","start_date":"2020-01-01","end_date":"2020-02-01"}""", 422, "timeframe"),
        ["generate: timeframe climbing out"] = J("POST", "/api/v1/features/{id}/generate", """{"symbol":"HOST","timeframe":"../","start_date":"2020-01-01","end_date":"2020-02-01"}""", 422, "timeframe"),
        ["generate: date in words"] = J("POST", "/api/v1/features/{id}/generate", """{"symbol":"HOST","start_date":"yesterday","end_date":"2020-02-01"}""", 422, "start_date"),
        ["generate: date too early"] = J("POST", "/api/v1/features/{id}/generate", """{"symbol":"HOST","start_date":"0001-01-01","end_date":"2020-02-01"}""", 422, "start_date"),
        ["generate: date too late"] = J("POST", "/api/v1/features/{id}/generate", """{"symbol":"HOST","start_date":"2020-01-01","end_date":"9999-12-31"}""", 422, "end_date"),
        ["generate: February 30th"] = J("POST", "/api/v1/features/{id}/generate", """{"symbol":"HOST","start_date":"2020-02-30","end_date":"2020-03-01"}""", 422, "start_date"),
        ["generate: end before start"] = J("POST", "/api/v1/features/{id}/generate", """{"symbol":"HOST","start_date":"2020-02-01","end_date":"2020-01-01"}""", 422, "end_date"),
        ["generate: date as a number"] = J("POST", "/api/v1/features/{id}/generate", """{"symbol":"HOST","start_date":20200101,"end_date":"2020-02-01"}""", 422, "start_date"),
        ["generate: dates missing"] = J("POST", "/api/v1/features/{id}/generate", """{"symbol":"HOST"}""", 422, "start_date"),
        ["generate: unknown field"] = J("POST", "/api/v1/features/{id}/generate", """{"symbl":"HOST","start_date":"2020-01-01","end_date":"2020-02-01"}""", 422, "symbl"),
        ["generate: no bars in range"] = J("POST", "/api/v1/features/{id}/generate", """{"symbol":"HOST","start_date":"1950-01-01","end_date":"1950-02-01"}""", 422, "start_date"),
        ["regenerate: backslash in symbol"] = J("POST", "/api/v1/features/{id}/regenerate", """{"symbol":"a\\b","start_date":"2020-01-01","end_date":"2020-02-01"}""", 422, "symbol"),

        // Versions, download, plugins
        ["versions: symbol climbing out"] = G("/api/v1/features/{id}/versions?symbol=..%2F..%2Fx", 422, "symbol"),
        ["versions: NUL in symbol"] = G("/api/v1/features/{id}/versions?symbol=a%00b", 422, "symbol"),
        ["versions: unknown timeframe"] = G("/api/v1/features/{id}/versions?timeframe=1y", 422, "timeframe"),
        ["download: short hash"] = G("/api/v1/features/{id}/datasets/zz/data", 422, "version_hash"),
        ["download: unknown format"] = G($"/api/v1/features/{{id}}/datasets/{new string('a', 64)}/data?format=xml", 422, "format"),
        ["plugins: unknown type"] = G("/api/v1/features/plugins/available?type=bad", 422, "type"),

        // Ingest
        ["ingest: missing column"] = C("/api/v1/market-data/HOST/1d", "date,open,high,low,volume\n2020-01-02,1,2,0.5,10\n", "close"),
        ["ingest: duplicate timestamps"] = C("/api/v1/market-data/HOST/1d", Header + "2020-01-02,1,2,0.5,1.5,10\n2020-01-02,1,2,0.5,1.5,11\n", "timestamp"),
        ["ingest: same instant in two zones"] = C("/api/v1/market-data/HOST/1h", "timestamp,open,high,low,close,volume\n2020-01-02T14:00:00Z,1,2,0.5,1.5,10\n2020-01-02T10:00:00-04:00,1,2,0.5,1.5,10\n", "timestamp"),
        ["ingest: high below low"] = C("/api/v1/market-data/HOST/1d", Header + "2020-01-02,1,0.4,0.5,0.45,10\n", "high"),
        ["ingest: negative volume"] = C("/api/v1/market-data/HOST/1d", Header + "2020-01-02,1,2,0.5,1.5,-1\n", "volume"),
        ["ingest: date out of range"] = C("/api/v1/market-data/HOST/1d", Header + "1800-01-02,1,2,0.5,1.5,1\n", "date"),
        ["ingest: year 10000"] = C("/api/v1/market-data/HOST/1d", Header + "10000-01-02,1,2,0.5,1.5,1\n", "date"),
        ["ingest: NaN price"] = C("/api/v1/market-data/HOST/1d", Header + "2020-01-02,1,2,0.5,NaN,1\n", "close"),
        ["ingest: Infinity price"] = C("/api/v1/market-data/HOST/1d", Header + "2020-01-02,Infinity,2,0.5,1.5,1\n", "open"),
        ["ingest: price beyond double"] = C("/api/v1/market-data/HOST/1d", Header + "2020-01-02,1,1e999,0.5,1.5,1\n", "high"),
        ["ingest: too few fields"] = C("/api/v1/market-data/HOST/1d", Header + "2020-01-02,1,2\n", "file"),
        ["ingest: header only"] = C("/api/v1/market-data/HOST/1d", Header, "file"),
        ["ingest: more fields than the header"] = C("/api/v1/market-data/HOST/1d", Header + "2020-01-02,1,2,0.5,1.5,10,7,8\n", "file"),
        ["ingest: a column named twice"] = C("/api/v1/market-data/HOST/1d", "date,open,high,low,close,volume,date\n2020-01-02,1,2,0.5,1.5,10,2020-01-03\n", "date"),
        ["ingest: unterminated quote"] = C("/api/v1/market-data/HOST/1d", Header + "\"2020-01-02,1,2,0.5,1.5,10\n", "file"),
        ["ingest: empty body"] = new("POST", "/api/v1/market-data/HOST/1d", [], CsvType, 422, "body"),
        ["ingest: not UTF-8"] = new("POST", "/api/v1/market-data/HOST/1d", [0x64, 0x61, 0x74, 0x65, 0x0a, 0xff, 0xfe, 0xfd, 0x0a], CsvType, 422, ""),
        ["ingest: fake parquet"] = new("POST", "/api/v1/market-data/HOST/1d", [.. "PAR1"u8.ToArray(), 1, 2, 3, 4, 5, 6, 7, 8, .. "PAR1"u8.ToArray()], "application/vnd.apache.parquet", 422, "file"),
        ["ingest: symbol climbing out"] = C("/api/v1/market-data/..%2F..%2Fx/1d", Header + "2020-01-02,1,2,0.5,1.5,1\n", "symbol"),
        ["ingest: symbol of 300 characters"] = C($"/api/v1/market-data/{Long300}/1d", Header + "2020-01-02,1,2,0.5,1.5,1\n", "symbol"),
        ["ingest: unsupported timeframe"] = C("/api/v1/market-data/HOST/1y", Header + "2020-01-02,1,2,0.5,1.5,1\n", "timeframe"),
        ["ingest: timeframe climbing out"] = C("/api/v1/market-data/HOST/..%2F..", Header + "2020-01-02,1,2,0.5,1.5,1\n", "timeframe"),
    };

    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (var backend in Infrastructure.Backends.Names())
        {
            foreach (var name in Cases.Keys) data.Add(backend, name);
        }
        return data;
    }

    [Fact]
    public void The_table_has_at_least_fifty_hostile_requests() => Cases.Count.ShouldBeGreaterThanOrEqualTo(50);

    private sealed record Fixture(FeaturesApp App, HttpClient Client, string FeatureId);

    private static readonly ConcurrentDictionary<string, Lazy<Task<Fixture>>> Fixtures = new();

    /// <summary>A host of its own per backend, so no other test changes the state compared before and after.</summary>
    private static Task<Fixture> FixtureAsync(string backend) => Fixtures.GetOrAdd(backend, b => new Lazy<Task<Fixture>>(async () =>
    {
        var app = FeaturesApp.Start(b);
        var client = app.CreateClient();
        await client.IngestAsync("HOST", "1d", Csv.From(ReferenceData.Quotes("default.csv").Take(80)));
        var feature = await client.CreateFeatureAsync("technical.sma", new { period = 5 });
        return new Fixture(app, client, feature["id"]!.GetValue<string>());
    })).Value;

    private static async Task<string> StateAsync(HttpClient client, string featureId)
    {
        var (_, features) = await client.GetJsonAsync("/api/v1/features?limit=1000");
        var (_, series) = await client.GetJsonAsync("/api/v1/market-data");
        var (_, versions) = await client.GetJsonAsync($"/api/v1/features/{featureId}/versions");
        return features!.ToJsonString() + series!.ToJsonString() + versions!.ToJsonString();
    }

    [Theory, MemberData(nameof(All))]
    public async Task A_hostile_request_gets_a_4xx_problem_naming_the_field_and_changes_nothing(string backend, string name)
    {
        var fixture = await FixtureAsync(backend);
        var c = Cases[name];
        var before = await StateAsync(fixture.Client, fixture.FeatureId);

        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Url.Replace("{id}", fixture.FeatureId));
        if (c.Body is not null)
        {
            request.Content = new ByteArrayContent(c.Body);
            if (c.ContentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.ContentType);
        }
        using var response = await fixture.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var context = $"{name}: {(int)response.StatusCode} {text[..Math.Min(600, text.Length)]}";

        ((int)response.StatusCode).ShouldBe(c.Status, context);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", context);
        var problem = JsonNode.Parse(text)!;
        problem["status"]!.GetValue<int>().ShouldBe(c.Status, context);
        problem["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace(context);
        if (c.Field is not null)
        {
            var fields = problem.ErrorFields();
            fields.ShouldNotBeEmpty(context);
            if (c.Field.Length > 0) fields.ShouldContain(f => f.Contains(c.Field, StringComparison.Ordinal), context);
        }

        (await StateAsync(fixture.Client, fixture.FeatureId)).ShouldBe(before, "stored state changed after " + name);
    }
}
