using System.Net;
using System.Text.Json.Nodes;
using Features.Host.Tests.Infrastructure;

namespace Features.Host.Tests.Api.Health;

public sealed class HealthAndDocumentationTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    [Theory, MemberData(nameof(Backends))]
    public async Task Health_reports_the_database_and_object_store_up_without_secrets(string backend)
    {
        var app = TestHosts.Get(backend);
        var client = app.CreateClient();
        using var response = await client.GetAsync("/health");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        var body = JsonNode.Parse(text)!;
        body["status"]!.GetValue<string>().ShouldBe("healthy");
        body["database"]!["status"]!.GetValue<string>().ShouldBe("up");
        body["object_store"]!["status"]!.GetValue<string>().ShouldBe("up");
        body["database"]!["provider"]!.GetValue<string>().ShouldBe(backend == Infrastructure.Backends.Real ? "postgres" : "sqlite");
        body["object_store"]!["provider"]!.GetValue<string>().ShouldBe(backend == Infrastructure.Backends.Real ? "s3" : "local");
        text.ShouldNotContain("S3RVER");
        text.ShouldNotContain("Password", Case.Insensitive);
        text.ShouldNotContain(app.Home);
    }

    [Fact]
    public async Task The_API_is_described_by_OpenAPI_and_browsable()
    {
        var client = ApiClient.Client(Infrastructure.Backends.Embedded);
        using var doc = await client.GetAsync("/swagger/v1/swagger.json");
        doc.StatusCode.ShouldBe(HttpStatusCode.OK);
        var paths = JsonNode.Parse(await doc.Content.ReadAsStringAsync())!["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var path in new[] { "/api/v1/features", "/api/v1/features/{feature_id}", "/api/v1/features/{feature_id}/generate",
                     "/api/v1/features/{feature_id}/regenerate", "/api/v1/features/{feature_id}/versions", "/api/v1/features/plugins/available",
                     "/api/v1/market-data", "/api/v1/market-data/{symbol}/{timeframe}", "/health" })
        {
            paths.ShouldContain(path);
        }
        using var ui = await client.GetAsync("/swagger/index.html");
        ui.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ui.Content.ReadAsStringAsync()).ShouldContain("swagger", Case.Insensitive);
    }

    [Fact]
    public async Task Available_plugins_cover_every_pack_with_complete_descriptors_and_filter_by_type()
    {
        var client = ApiClient.Client(Infrastructure.Backends.Embedded);
        var (status, all) = await client.GetJsonAsync("/api/v1/features/plugins/available");
        status.ShouldBe(HttpStatusCode.OK);
        var plugins = all!.AsArray().Select(p => p!).ToList();
        plugins.Count(p => p["type"]!.GetValue<string>() == "technical").ShouldBeGreaterThanOrEqualTo(73);
        plugins.Count(p => p["type"]!.GetValue<string>() == "statistical").ShouldBeGreaterThanOrEqualTo(22);
        plugins.Count(p => p["type"]!.GetValue<string>() == "macro").ShouldBeGreaterThanOrEqualTo(7);
        plugins.ShouldContain(p => p["key"]!.GetValue<string>() == "automated.extract");
        foreach (var p in plugins)
        {
            var key = p["key"]!.GetValue<string>();
            p["description"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace(key);
            p["version"]!.GetValue<string>().ShouldMatch("\\+[0-9a-f]{16}$", key);
            p.AsObject().ContainsKey("folder").ShouldBeFalse($"{key}: readers never see the server's folders");
            p["warmup"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace(key);
            p["outputs"]!.AsArray().ShouldNotBeEmpty(key);
            p["outputs"]!.AsArray().ShouldAllBe(o => !string.IsNullOrWhiteSpace(o!["description"]!.GetValue<string>()));
            foreach (var parameter in p["parameters"]!.AsArray())
            {
                parameter!["description"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace($"{key}.{parameter["name"]}");
                if (parameter["type"]!.GetValue<string>() is "integer" or "number")
                {
                    parameter["minimum"].ShouldNotBeNull($"{key}.{parameter["name"]}");
                    parameter["maximum"].ShouldNotBeNull($"{key}.{parameter["name"]}");
                }
            }
        }
        var (_, macro) = await client.GetJsonAsync("/api/v1/features/plugins/available?type=macro");
        macro!.AsArray().ShouldAllBe(p => p!["type"]!.GetValue<string>() == "macro");
        macro.AsArray().Count.ShouldBe(plugins.Count(p => p["type"]!.GetValue<string>() == "macro"));
        (await client.GetJsonAsync("/api/v1/features/plugins/available?type=nonsense")).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }
}
