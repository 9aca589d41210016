using System.Diagnostics;
using Features.Host.Generation;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Features.Host.Tests.Generation;

/// <summary>
/// Listeners and meters are process-wide by name, and other test hosts generate too: these tests run alone, after the
/// parallel ones, so what the exporter sees is theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}

/// <summary>The pipeline's spans and metrics, through an in-memory exporter, and the host's exporter wiring.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class GenerationTelemetryTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    [Theory, MemberData(nameof(Backends))]
    public async Task An_uncached_generate_is_one_trace_of_every_stage_and_a_cached_one_counts_a_hit_and_reads_no_bars(string backend)
    {
        var activities = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        using var app = FeaturesApp.Start(backend, services: s => s.AddOpenTelemetry()
            .WithTracing(t => t.AddSource(GenerationTelemetry.Name).AddInMemoryExporter(activities))
            .WithMetrics(m => m.AddMeter(GenerationTelemetry.Name).AddInMemoryExporter(metrics)));
        var client = app.CreateClient();
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(ReferenceData.Quotes("default.csv")));
        var id = (await client.CreateFeatureAsync("technical.sma", new { period = 20 }))["id"]!.GetValue<string>();

        var computed = await client.GenerateAsync(id, symbol, "2018-01-02", "2019-01-01");
        var cached = await client.GenerateAsync(id, symbol, "2018-01-02", "2019-01-01");

        computed["cached"]!.GetValue<bool>().ShouldBeFalse();
        cached["cached"]!.GetValue<bool>().ShouldBeTrue();
        List<Activity> mine;
        lock (activities) mine = [.. activities];
        var roots = mine.Where(a => a.OperationName == "generate" && (string?)a.GetTagItem("features.feature_id") == id).ToList();
        roots.Count.ShouldBe(2, "one generate span per request");
        roots.Select(r => r.TraceId).Distinct().Count().ShouldBe(2, "one trace per request");
        var uncached = roots.Single(r => (bool?)r.GetTagItem("features.cached") == false);
        var spans = mine.Where(a => a.TraceId == uncached.TraceId).ToList();
        spans.Select(a => a.OperationName).Distinct().Order().ShouldBe(["generate", "kernel", "plan", "read", "record", "store", "write"]);
        foreach (var name in new[] { "read", "kernel", "write", "store", "record" }) spans.Count(a => a.OperationName == name).ShouldBe(1, name);
        spans.Where(a => a.OperationName != "generate").ShouldAllBe(a => a.ParentSpanId == uncached.SpanId);
        var hit = roots.Single(r => (bool?)r.GetTagItem("features.cached") == true);
        mine.Where(a => a.TraceId == hit.TraceId).Select(a => a.OperationName).ShouldNotContain("read", "a cached generate runs no pass");

        app.Services.GetRequiredService<MeterProvider>().ForceFlush().ShouldBeTrue();
        long Total(string name) => metrics.Where(m => m.Name == name).GroupBy(m => m.Name)
            .Select(g => g.Last().MetricPoints.Sum(p => p.GetSumLong())).SingleOrDefault();
        Total("features.generates").ShouldBe(2);
        Total("features.cache_hits").ShouldBe(1);
        // The plan's fingerprint pass and the kernel's pass each read the range and its 19 warm-up bars; the cached generate reads none.
        var barsFed = computed["row_count"]!.GetValue<long>() + 19;
        Total("features.bars_read").ShouldBe(2 * barsFed);
        Total("features.bytes_written").ShouldBe(computed["size_bytes"]!.GetValue<long>());
    }

    public static TheoryData<string, string?, bool> Wiring => new()
    {
        { "Features:Telemetry:Console", "true", true },
        { "Features:Telemetry:OtlpEndpoint", "http://127.0.0.1:9", true },
        { "Features:Telemetry:Console", "false", false },
    };

    [Theory, MemberData(nameof(Wiring))]
    public void Exporters_are_wired_only_when_configured(string key, string? value, bool wired)
    {
        using var app = FeaturesApp.Start(Infrastructure.Backends.Embedded, new Dictionary<string, string?> { [key] = value });

        (app.Services.GetService<TracerProvider>() is not null).ShouldBe(wired);
        (app.Services.GetService<MeterProvider>() is not null).ShouldBe(wired);
    }
}
