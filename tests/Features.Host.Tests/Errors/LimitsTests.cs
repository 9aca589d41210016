using System.Net;
using System.Text;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;

namespace Features.Host.Tests.Errors;

/// <summary>Every configurable cap answers with a clear 413/422 naming the field and the setting.</summary>
public sealed class LimitsTests
{
    private static readonly Lazy<FeaturesApp> Small = new(() => FeaturesApp.Start(Infrastructure.Backends.Embedded, new Dictionary<string, string?>
    {
        ["Features:Limits:MaxUploadBytes"] = "8000",
        ["Features:Limits:MaxBarsPerGenerate"] = "50",
        ["Features:Limits:MaxListLimit"] = "10",
        ["Features:Limits:MaxJsonBodyBytes"] = "2048",
        ["Features:Limits:MaxJsonDepth"] = "6",
        ["Features:Limits:MaxParameters"] = "2",
        ["Features:Limits:MaxParameterLength"] = "16",
    }));

    [Fact]
    public async Task An_upload_over_MaxUploadBytes_is_413_and_nothing_is_stored()
    {
        var client = Small.Value.CreateClient();
        var symbol = ApiClient.NewSymbol();
        var (status, problem) = await client.IngestRawAsync(symbol, "1d", Csv.From(ReferenceData.Quotes("default.csv").Take(300)));
        status.ShouldBe(HttpStatusCode.RequestEntityTooLarge, problem?.ToJsonString());
        problem!["detail"]!.GetValue<string>().ShouldContain("MaxUploadBytes");
        var (_, series) = await client.GetJsonAsync("/api/v1/market-data");
        series!.AsArray().ShouldNotContain(s => s!["symbol"]!.GetValue<string>() == symbol);
    }

    [Fact]
    public async Task A_generate_reading_more_than_MaxBarsPerGenerate_is_422_on_end_date_and_a_shorter_range_works()
    {
        var client = Small.Value.CreateClient();
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(ReferenceData.Quotes("default.csv").Take(70)));
        var id = (await client.CreateFeatureAsync("technical.sma", new { period = 3 }))["id"]!.GetValue<string>();
        var (status, problem) = await client.PostJsonAsync($"/api/v1/features/{id}/generate", new { symbol, start_date = "2017-01-01", end_date = "2018-01-01" });
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem.ErrorFields().ShouldBe(["end_date"]);
        problem!["detail"]!.GetValue<string>().ShouldContain("MaxBarsPerGenerate");
        var ok = await client.GenerateAsync(id, symbol, "2017-01-01", "2017-02-01");
        ok["row_count"]!.GetValue<long>().ShouldBeLessThanOrEqualTo(50);
    }

    [Fact]
    public async Task List_limit_above_MaxListLimit_is_422()
    {
        var (status, problem) = await Small.Value.CreateClient().GetJsonAsync("/api/v1/features?limit=11");
        status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        problem.ErrorFields().ShouldBe(["limit"]);
    }

    [Fact]
    public async Task Each_host_validates_with_its_own_limits_though_validators_are_shared_by_the_process()
    {
        // The small host first, so its validator instance exists before the default host's request.
        (await Small.Value.CreateClient().GetJsonAsync("/api/v1/features?limit=11")).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var (status, problem) = await ApiClient.Client(Infrastructure.Backends.Embedded).GetJsonAsync("/api/v1/features?limit=11");
        status.ShouldBe(HttpStatusCode.OK, problem?.ToJsonString());
        (await Small.Value.CreateClient().GetJsonAsync("/api/v1/features?limit=11")).Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task A_JSON_body_over_MaxJsonBodyBytes_is_413_naming_the_body()
    {
        var (status, problem) = await Small.Value.CreateClient().PostJsonAsync("/api/v1/features", new { name = "x", plugin_key = "technical.sma", description = new string('d', 3000) });
        status.ShouldBe(HttpStatusCode.RequestEntityTooLarge, problem?.ToJsonString());
        problem.ErrorFields().ShouldBe(["body"]);
        problem!["detail"]!.GetValue<string>().ShouldContain("MaxJsonBodyBytes");
    }

    [Fact]
    public async Task JSON_nested_deeper_than_MaxJsonDepth_is_422()
    {
        var body = "{\"name\":\"x\",\"plugin_key\":\"technical.sma\",\"parameters\":{\"a\":" + new string('[', 8) + new string(']', 8) + "}}";
        var (status, problem) = await Small.Value.CreateClient().PostJsonAsync("/api/v1/features", body);
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem!["detail"]!.GetValue<string>().ShouldContain("MaxJsonDepth");
        problem.ErrorFields().ShouldContain(f => f.StartsWith("parameters", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Too_many_parameters_or_too_long_a_parameter_is_422()
    {
        var client = Small.Value.CreateClient();
        var (many, manyProblem) = await client.PostJsonAsync("/api/v1/features", new { name = "x", plugin_key = "technical.sma", parameters = new { a = 1, b = 2, c = 3 } });
        many.ShouldBe(HttpStatusCode.UnprocessableEntity);
        manyProblem.ErrorFields().ShouldBe(["parameters"]);
        manyProblem!["detail"]!.GetValue<string>().ShouldContain("MaxParameters");

        var (longStatus, longProblem) = await client.PostJsonAsync("/api/v1/features", new { name = "x", plugin_key = "macro.asof", parameters = new { series = new string('C', 17) } });
        longStatus.ShouldBe(HttpStatusCode.UnprocessableEntity);
        longProblem.ErrorFields().ShouldBe(["parameters.series"]);
        longProblem!["detail"]!.GetValue<string>().ShouldContain("MaxParameterLength");
    }

    [Fact]
    public async Task Limits_do_not_refuse_what_fits()
    {
        var client = Small.Value.CreateClient();
        var body = Encoding.UTF8.GetString(Csv.From(ReferenceData.Quotes("default.csv").Take(20)));
        (await client.IngestRawAsync(ApiClient.NewSymbol(), "1d", Encoding.UTF8.GetBytes(body))).Status.ShouldBe(HttpStatusCode.OK);
        (await client.PostJsonAsync("/api/v1/features", new { name = "x", plugin_key = "technical.sma", parameters = new { period = 4 } })).Status.ShouldBe(HttpStatusCode.Created);
    }
}
