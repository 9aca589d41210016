using Features.Host.Generation;
using Features.Host.Tests.Api.TrainingSets;
using Features.Host.Tests.Generation;
using Features.Host.Tests.Infrastructure;
using Features.Host.Tests.Jobs;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Features.Host.Tests.TrainingSets.Hosting;

/// <summary>The handler's cache path, seen through the pipeline's counters (a host of its own, run with the telemetry tests).</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TrainingSetJobHandlerTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    [Theory, MemberData(nameof(Backends))]
    public async Task A_fully_cached_training_set_is_answered_without_a_generate_or_a_bar_read(string backend)
    {
        var metrics = new List<MetricSnapshot>();
        using var app = FeaturesApp.Start(backend, services: s => s.AddOpenTelemetry()
            .WithMetrics(m => m.AddMeter(GenerationTelemetry.Name).AddInMemoryExporter(metrics)));
        var client = app.CreateClient();
        var symbols = await TrainingSetsApiTests.IngestPairAsync(client);
        var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 2 })).Id();
        long Total(string name)
        {
            app.Services.GetRequiredService<MeterProvider>().ForceFlush().ShouldBeTrue();
            return metrics.Where(m => m.Name == name).Select(m => m.MetricPoints.Sum(p => p.GetSumLong())).LastOrDefault();
        }

        var producer = app.Services.GetRequiredService<DatasetProducer>();
        var built = await TrainingSetsApiTests.BuildAsync(client, TrainingSetsApiTests.Request(sma, symbols));
        var computed = producer.Computations;
        var generates = Total("features.generates");
        var barsRead = Total("features.bars_read");
        var written = Total("features.bytes_written");
        var cached = await TrainingSetsApiTests.BuildAsync(client, TrainingSetsApiTests.Request(sma, symbols));

        built["cached"]!.GetValue<bool>().ShouldBeFalse();
        computed.ShouldBe(2, "one member dataset per symbol, computed by the pipeline's producer");
        barsRead.ShouldBeGreaterThan(0);
        written.ShouldBeGreaterThan(0);
        cached["cached"]!.GetValue<bool>().ShouldBeTrue();
        cached["content_hash"]!.GetValue<string>().ShouldBe(built["content_hash"]!.GetValue<string>());
        producer.Computations.ShouldBe(computed, "the cached set computes nothing");
        Total("features.generates").ShouldBe(generates, "the cached set asks the generate pipeline for nothing");
        Total("features.bars_read").ShouldBe(barsRead, "the cached set reads no bar");
        Total("features.bytes_written").ShouldBe(written, "the cached set stores no dataset");
    }
}
