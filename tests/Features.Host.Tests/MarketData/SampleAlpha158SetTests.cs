using System.Net;
using Features.Host.MarketData;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.MarketData;

/// <summary>Issue 16: the sample's <c>alpha158</c> feature set lets a new user run Alpha158 without writing a definition.</summary>
public sealed class SampleAlpha158SetTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    [Theory, MemberData(nameof(Backends))]
    public async Task The_sample_seeds_one_alpha158_feature_set_whose_definition_generates_qlibs_158_columns(string backend)
    {
        var app = TestHosts.Get(backend);
        var sample = app.Services.GetRequiredService<SampleData>();
        await sample.SeedAlpha158SetAsync(CancellationToken.None);
        await sample.SeedAlpha158SetAsync(CancellationToken.None); // seeding again adds nothing

        var client = app.CreateClient();
        var (status, sets) = await client.GetJsonAsync("/api/v1/feature-sets?name=alpha158");
        status.ShouldBe(HttpStatusCode.OK);
        var set = sets!.AsArray().ShouldHaveSingleItem()!;
        var featureId = set["feature_ids"]!.AsArray().ShouldHaveSingleItem()!.GetValue<string>();
        var (_, definition) = await client.GetJsonAsync($"/api/v1/features/{featureId}");
        definition!["plugin_key"]!.GetValue<string>().ShouldBe("automated.alpha158");

        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(ReferenceData.Quotes("default.csv")));
        var generated = await client.GenerateAsync(featureId, symbol, "2018-06-01", "2019-01-01");
        var columns = generated["columns"]!.AsArray().Select(c => c!.GetValue<string>()).Where(c => c != "timestamp").ToList();
        columns.Count.ShouldBe(158);
        columns[0].ShouldBe("kmid");
        columns.ShouldContain("vsumd60");
    }
}
