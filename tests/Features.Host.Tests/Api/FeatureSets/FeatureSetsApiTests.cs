using System.Net;
using Features.Host.Tests.Infrastructure;
using Features.Host.Tests.Jobs;

namespace Features.Host.Tests.Api.FeatureSets;

public sealed class FeatureSetsApiTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    [Theory, MemberData(nameof(Backends))]
    public async Task A_feature_set_is_created_read_found_by_name_updated_with_its_version_and_deleted(string backend)
    {
        var client = ApiClient.Client(backend);
        var sma = (await client.CreateFeatureAsync("technical.sma")).Id();
        var rsi = (await client.CreateFeatureAsync("technical.rsi")).Id();
        var name = "set-" + ApiClient.NewSymbol();

        var id = await client.CreateFeatureSetAsync(name, rsi, sma);
        var (status, set) = await client.GetJsonAsync($"/api/v1/feature-sets/{id}");
        status.ShouldBe(HttpStatusCode.OK);
        set!["name"]!.GetValue<string>().ShouldBe(name);
        set["version"]!.GetValue<int>().ShouldBe(1);
        set["feature_ids"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe([rsi, sma]);

        var (_, byName) = await client.GetJsonAsync($"/api/v1/feature-sets?name={name}");
        byName!.AsArray().Select(s => s!.Id()).ShouldBe([id]);

        var (patched, updated) = await client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/feature-sets/{id}", new { feature_ids = new[] { sma }, version = 1 });
        patched.ShouldBe(HttpStatusCode.OK, updated?.ToJsonString());
        updated!["version"]!.GetValue<int>().ShouldBe(2);
        updated["feature_ids"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe([sma]);

        var (stale, problem) = await client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/feature-sets/{id}", new { description = "x", version = 1 });
        stale.ShouldBe(HttpStatusCode.Conflict);
        problem!["detail"]!.GetValue<string>().ShouldContain("version 1 is stale");

        (await client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/feature-sets/{id}")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetJsonAsync($"/api/v1/feature-sets/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/feature-sets/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Unknown_or_repeated_features_and_a_taken_name_are_refused(string backend)
    {
        var client = ApiClient.Client(backend);
        var sma = (await client.CreateFeatureAsync("technical.sma")).Id();
        var name = "set-" + ApiClient.NewSymbol();
        await client.CreateFeatureSetAsync(name, sma);

        var unknown = Guid.NewGuid();
        var (status, problem) = await client.PostJsonAsync("/api/v1/feature-sets", new { name = name + "b", feature_ids = new[] { sma, unknown.ToString() } });
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem.ErrorFields().ShouldBe(["feature_ids"]);
        problem!["detail"]!.GetValue<string>().ShouldContain(unknown.ToString());

        (status, problem) = await client.PostJsonAsync("/api/v1/feature-sets", new { name = name + "c", feature_ids = new[] { sma, sma } });
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem.ErrorFields().ShouldBe(["feature_ids"]);

        (status, problem) = await client.PostJsonAsync("/api/v1/feature-sets", new { name = name + "d", feature_ids = Array.Empty<string>() });
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem.ErrorFields().ShouldBe(["feature_ids"]);

        (status, problem) = await client.PostJsonAsync("/api/v1/feature-sets", new { feature_ids = new[] { sma } });
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem.ErrorFields().ShouldBe(["name"]);

        (status, _) = await client.PostJsonAsync("/api/v1/feature-sets", new { name, feature_ids = new[] { sma } });
        status.ShouldBe(HttpStatusCode.Conflict);
    }
}
