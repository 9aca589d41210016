using System.Net;
using Features.Host.MarketData;
using Features.Host.Tests.Infrastructure;
using Features.Host.Validation;
using Features.PluginSdk;

namespace Features.Host.Tests.Api.Features;

/// <summary>The slices' validators: every shape problem of a request at once, in the API's words, before the handler runs.</summary>
public sealed class RequestValidationTests
{
    [Fact]
    public async Task A_generate_body_with_several_problems_names_each_field_in_one_problem()
    {
        var client = ApiClient.Client(Infrastructure.Backends.Embedded);
        // No such feature: the body is refused before the handler would look it up.
        var (status, problem) = await client.PostJsonAsync($"/api/v1/features/{Guid.NewGuid()}/generate",
            new { symbol = "../x", timeframe = "2d", start_date = "2020-02-01", end_date = "2020-01-01" });
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem.ErrorFields().ShouldBe(["symbol", "timeframe", "end_date"]);
        problem!["detail"]!.GetValue<string>().ShouldBe(
            $"symbol: must be {Symbols.Rule}; timeframe: unsupported timeframe '2d'; allowed: {Timeframes.AllowedText}; " +
            "end_date: must be after start_date (2020-02-01T00:00:00Z); the range is [start_date, end_date)");
    }

    [Fact]
    public async Task A_definition_with_several_shape_problems_is_refused_whole_before_the_plugin_is_looked_up()
    {
        var client = ApiClient.Client(Infrastructure.Backends.Embedded);
        var (status, problem) = await client.PostJsonAsync("/api/v1/features",
            new { name = " ", plugin_key = "technical.nope", type = "weird", storage_prefix = "../up" });
        status.ShouldBe(HttpStatusCode.UnprocessableEntity, problem?.ToJsonString());
        problem.ErrorFields().ShouldBe(["name", "type", "storage_prefix"]);
        problem!["errors"]!["type"]![0]!.GetValue<string>().ShouldBe($"must be one of {string.Join(", ", FeatureTypes.Names)}; got 'weird'");
    }

    [Fact]
    public void Feature_type_names_are_the_sdk_enum_in_lowercase()
    {
        FeatureTypes.Names.ShouldBe(Enum.GetNames<FeatureType>().Select(n => n.ToLowerInvariant()));
        FeatureTypes.Names.ShouldContain("technical");
        FeatureTypes.IsValid("Technical").ShouldBeFalse("names are lowercase, as the API writes them");
    }
}
