using Features.Host.MarketData;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Generation;

/// <summary>
/// The cache path needs no bar read, not only inside the process that computed: what a plan found (warm-up
/// start, bar count, fingerprint) is stored with the series revision, so a second instance over the same
/// database and object store (a restart, or a peer behind the load balancer) answers a cached generate
/// without reading a bar, and a revision still makes a new version.
/// </summary>
public sealed class PlanFactsTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    [Theory, MemberData(nameof(Backends))]
    public async Task A_second_instance_answers_a_cached_generate_without_reading_bars_until_the_series_is_revised(string backend)
    {
        using var first = FeaturesApp.Start(backend);
        var client = first.CreateClient();
        var symbol = ApiClient.NewSymbol();
        var bars = ReferenceData.Quotes("default.csv").ToList();
        await client.IngestAsync(symbol, "1d", Csv.From(bars));
        var id = (await client.CreateFeatureAsync("technical.rsi"))["id"]!.GetValue<string>();
        var computed = await client.GenerateAsync(id, symbol, "2018-01-02", "2019-01-01");
        computed["cached"]!.GetValue<bool>().ShouldBeFalse();

        using var second = FeaturesApp.StartBeside(first);
        var store = second.Services.GetRequiredService<BarStore>();
        var secondClient = second.CreateClient();
        var reused = await secondClient.GenerateAsync(id, symbol, "2018-01-02", "2019-01-01");
        reused["cached"]!.GetValue<bool>().ShouldBeTrue();
        reused["version_hash"]!.GetValue<string>().ShouldBe(computed["version_hash"]!.GetValue<string>());
        store.BarsRead.ShouldBe(0, "the plan facts came from the database, not from a bar scan");

        // A revision through the second instance: the first must not reuse the old revision's facts.
        var revised = bars.Select((b, i) => i == 300 ? b with { Close = b.Close + 0.01, High = Math.Max(b.High, b.Close + 0.01) } : b).ToList();
        (await secondClient.IngestAsync(symbol, "1d", Csv.From(revised)))["updated"]!.GetValue<int>().ShouldBe(1);
        var recomputed = await client.GenerateAsync(id, symbol, "2018-01-02", "2019-01-01");
        recomputed["cached"]!.GetValue<bool>().ShouldBeFalse();
        recomputed["source_fingerprint"]!.GetValue<string>().ShouldNotBe(computed["source_fingerprint"]!.GetValue<string>());
    }
}
