using System.Net;
using System.Text.Json.Nodes;
using Features.Host.Tests.Infrastructure;

namespace Features.Host.Tests.Api.Features;

public sealed class FeatureDefinitionTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    [Theory, MemberData(nameof(Backends))]
    public async Task Create_returns_201_with_snake_case_fields_and_no_storage_uri_until_generation(string backend)
    {
        var client = ApiClient.Client(backend);
        var (status, body) = await client.PostJsonAsync("/api/v1/features", new { name = "rsi 21", plugin_key = "technical.rsi", parameters = new { period = 21 }, description = "slow RSI" });
        status.ShouldBe(HttpStatusCode.Created);
        body!["name"]!.GetValue<string>().ShouldBe("rsi 21");
        body["plugin_key"]!.GetValue<string>().ShouldBe("technical.rsi");
        body["type"]!.GetValue<string>().ShouldBe("technical");
        body["parameters"]!["period"]!.GetValue<int>().ShouldBe(21);
        body["description"]!.GetValue<string>().ShouldBe("slow RSI");
        body["version"]!.GetValue<int>().ShouldBe(1);
        body["storage_uri"].ShouldBeNull();
        Guid.TryParse(body["id"]!.GetValue<string>(), out _).ShouldBeTrue();
        body["created_at"]!.GetValue<string>().ShouldEndWith("Z");
        body["updated_at"]!.GetValue<string>().ShouldEndWith("Z");

        var (getStatus, fetched) = await client.GetJsonAsync($"/api/v1/features/{body["id"]}");
        getStatus.ShouldBe(HttpStatusCode.OK);
        fetched!.ToJsonString().ShouldBe(body.ToJsonString());
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Stored_parameters_are_what_the_user_gave_without_defaults_merged(string backend)
    {
        var client = ApiClient.Client(backend);
        var feature = await client.CreateFeatureAsync("technical.bb", new { period = 10 });
        feature["parameters"]!.AsObject().Select(p => p.Key).ShouldBe(["period"]);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Unknown_feature_is_404_Feature_not_found_on_every_verb(string backend)
    {
        var client = ApiClient.Client(backend);
        var id = Guid.NewGuid();
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Put })
        {
            var (status, body) = await client.SendJsonAsync(method, $"/api/v1/features/{id}", method == HttpMethod.Get || method == HttpMethod.Delete ? null : new { name = "x" });
            status.ShouldBe(HttpStatusCode.NotFound, method.Method);
            body!["detail"]!.GetValue<string>().ShouldBe("Feature not found");
            body["status"]!.GetValue<int>().ShouldBe(404);
        }
        var (genStatus, _) = await client.PostJsonAsync($"/api/v1/features/{id}/generate", new { symbol = "X", start_date = "2020-01-01", end_date = "2020-02-01" });
        genStatus.ShouldBe(HttpStatusCode.NotFound);
        var (versions, _) = await client.GetJsonAsync($"/api/v1/features/{id}/versions");
        versions.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task List_pages_with_skip_and_limit_in_creation_order(string backend)
    {
        var client = ApiClient.Client(backend);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await client.CreateFeatureAsync("technical.sma", new { period = 5 + i }))["id"]!.GetValue<string>());

        var (status, all) = await client.GetJsonAsync("/api/v1/features?skip=0&limit=1000");
        status.ShouldBe(HttpStatusCode.OK);
        var listed = all!.AsArray().Select(f => f!["id"]!.GetValue<string>()).ToList();
        var positions = ids.Select(id => listed.IndexOf(id)).ToList();
        positions.ShouldAllBe(p => p >= 0);
        positions.ShouldBeInOrder();

        var (_, page) = await client.GetJsonAsync($"/api/v1/features?skip={positions[1]}&limit=2");
        page!.AsArray().Count.ShouldBe(2);
        page[0]!["id"]!.GetValue<string>().ShouldBe(ids[1]);
        page[1]!["id"]!.GetValue<string>().ShouldBe(ids[2]);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task List_refuses_negative_skip_and_out_of_range_limit_naming_the_field(string backend)
    {
        var client = ApiClient.Client(backend);
        foreach (var (query, field) in new[] { ("skip=-1", "skip"), ("limit=0", "limit"), ("limit=100000", "limit") })
        {
            var (status, body) = await client.GetJsonAsync("/api/v1/features?" + query);
            status.ShouldBe(HttpStatusCode.UnprocessableEntity, query);
            body.ErrorFields().ShouldContain(field);
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Patch_replaces_parameters_whole_and_bumps_the_version(string backend)
    {
        var client = ApiClient.Client(backend);
        var feature = await client.CreateFeatureAsync("technical.macd", new { fast_period = 10, slow_period = 30 });
        var id = feature["id"]!.GetValue<string>();
        var (status, updated) = await client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/features/{id}", new { parameters = new { signal_period = 5 }, version = 1 });
        status.ShouldBe(HttpStatusCode.OK, updated?.ToJsonString());
        updated!["parameters"]!.AsObject().Select(p => p.Key).ShouldBe(["signal_period"]);
        updated["version"]!.GetValue<int>().ShouldBe(2);
        updated["name"]!.GetValue<string>().ShouldBe(feature["name"]!.GetValue<string>());

        var (putStatus, put) = await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/features/{id}", new { name = "renamed" });
        putStatus.ShouldBe(HttpStatusCode.OK);
        put!["name"]!.GetValue<string>().ShouldBe("renamed");
        put["version"]!.GetValue<int>().ShouldBe(3);
        put["parameters"]!["signal_period"]!.GetValue<int>().ShouldBe(5);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Patch_with_a_stale_version_is_409_and_changes_nothing(string backend)
    {
        var client = ApiClient.Client(backend);
        var id = (await client.CreateFeatureAsync("technical.sma"))["id"]!.GetValue<string>();
        (await client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/features/{id}", new { name = "first", version = 1 })).Status.ShouldBe(HttpStatusCode.OK);
        var (status, problem) = await client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/features/{id}", new { name = "second", version = 1 });
        status.ShouldBe(HttpStatusCode.Conflict);
        problem!["detail"]!.GetValue<string>().ShouldContain("version 1 is stale");
        var (_, current) = await client.GetJsonAsync($"/api/v1/features/{id}");
        current!["name"]!.GetValue<string>().ShouldBe("first");
        current["version"]!.GetValue<int>().ShouldBe(2);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Delete_is_204_then_404(string backend)
    {
        var client = ApiClient.Client(backend);
        var id = (await client.CreateFeatureAsync("technical.sma"))["id"]!.GetValue<string>();
        (await client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/features/{id}")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetJsonAsync($"/api/v1/features/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/features/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string, string> InvalidDefinitions()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var b in Infrastructure.Backends.Names())
        {
            data.Add(b, """{"name":"x","plugin_key":"technical.nope","parameters":{}}""", "plugin_key");
            data.Add(b, """{"name":"x","plugin_key":"technical.rsi","parameters":{"periodd":14}}""", "parameters.periodd");
            data.Add(b, """{"name":"x","plugin_key":"technical.rsi","parameters":{"period":"14"}}""", "parameters.period");
            data.Add(b, """{"name":"x","plugin_key":"technical.rsi","parameters":{"period":14.5}}""", "parameters.period");
            data.Add(b, """{"name":"x","plugin_key":"technical.rsi","parameters":{"period":0}}""", "parameters.period");
            data.Add(b, """{"name":"x","plugin_key":"technical.macd","parameters":{"fast_period":30,"slow_period":10}}""", "parameters.fast_period");
            data.Add(b, """{"name":"x","plugin_key":"technical.rsi","parameters":[1,2]}""", "parameters");
            data.Add(b, """{"name":"x","plugin_key":"technical.rsi","type":"macro"}""", "type");
            data.Add(b, """{"name":"x","plugin_key":"technical.rsi","type":"weird"}""", "type");
            data.Add(b, "{\"name\":\"" + new string('n', 256) + "\",\"plugin_key\":\"technical.rsi\"}", "name");
            data.Add(b, """{"plugin_key":"technical.rsi"}""", "name");
            data.Add(b, """{"name":"x","plugin_key":"technical.rsi","storage_prefix":"../../etc"}""", "storage_prefix");
        }
        return data;
    }

    [Theory, MemberData(nameof(InvalidDefinitions))]
    public async Task Invalid_definitions_are_422_naming_the_field_and_store_nothing(string backend, string json, string field)
    {
        var client = ApiClient.Client(backend);
        var (_, before) = await client.GetJsonAsync("/api/v1/features?limit=1000");
        var (status, problem) = await client.PostJsonAsync("/api/v1/features", json);
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem.ErrorFields().ShouldContain(field, problem?.ToJsonString());
        problem!["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        var (_, after) = await client.GetJsonAsync("/api/v1/features?limit=1000");
        after!.AsArray().Select(f => f!["name"]!.GetValue<string>()).Count(n => n == "x").ShouldBe(before!.AsArray().Select(f => f!["name"]!.GetValue<string>()).Count(n => n == "x"));
    }
}
