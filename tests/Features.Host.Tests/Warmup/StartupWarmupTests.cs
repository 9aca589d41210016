using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Features.Host.Generation;
using Features.Host.Tests.Generation;
using Features.Host.Tests.Infrastructure;
using Features.Host.Warmup;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Features.Host.Tests.Warmup;

/// <summary>
/// The start-up warm-up runs a real job in a scratch home and leaves no trace in the host's own database, object store,
/// telemetry or temp folder. In the telemetry collection: its exporter must see only this host's spans.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class StartupWarmupTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private static readonly string[] WarmupPlugins = new WarmupOptions().Plugins;

    [Theory, MemberData(nameof(Backends))]
    public async Task The_warm_up_computes_its_job_in_a_scratch_home_and_leaves_nothing_in_the_hosts_stores_or_telemetry(string backend)
    {
        var home = Path.Combine(Path.GetTempPath(), "features-tests", $"warmup-{Guid.NewGuid():N}");
        var scratchRoot = Path.Combine(home, "tmp", "warmup");
        // What a killed host leaves behind: its folder goes; a folder of a process still running (pid 1) stays.
        var dead = Path.Combine(scratchRoot, $"{DeadProcessId()}-abandoned");
        var alive = Path.Combine(scratchRoot, "1-in-use");
        Directory.CreateDirectory(Path.Combine(dead, "objects"));
        Directory.CreateDirectory(alive);
        var activities = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        using var app = FeaturesApp.Start(backend, new Dictionary<string, string?>
            {
                ["Features:Home"] = home,
                ["Features:Warmup:Enabled"] = "true",
                ["Features:Warmup:Symbols"] = "20",
                ["Features:Warmup:Bars"] = "120",
            },
            services: s => s.AddOpenTelemetry()
                .WithTracing(t => t.AddSource(GenerationTelemetry.Name).AddInMemoryExporter(activities))
                .WithMetrics(m => m.AddMeter(GenerationTelemetry.Name).AddInMemoryExporter(metrics)));

        var result = await app.Services.GetRequiredService<StartupWarmup>().Completion.WaitAsync(TimeSpan.FromMinutes(3));

        result.ShouldNotBeNull("the warm-up ran and succeeded (a failure or a skip completes with null)");
        result.Plugins.ShouldBe(WarmupPlugins, ignoreOrder: true);
        result.Items.ShouldBe(20 * WarmupPlugins.Length, "every (symbol, plugin) item of the scratch job succeeded");
        Directory.Exists(dead).ShouldBeFalse("a dead process's scratch home is removed");
        Directory.Exists(alive).ShouldBeTrue("a running process's scratch home is left alone");
        Directory.EnumerateDirectories(scratchRoot).ShouldBe([alive], "the warm-up removed its own scratch home");

        var client = app.CreateClient();
        foreach (var list in new[] { "/api/v1/features", "/api/v1/market-data", "/api/v1/jobs", "/api/v1/feature-sets" })
        {
            var (status, body) = await client.GetJsonAsync(list);
            status.ShouldBe(HttpStatusCode.OK, list);
            Items(body).ShouldBeEmpty($"{list} of the host lists nothing of the warm-up");
        }
        (await StoredObjectsAsync(app)).ShouldBe(0, "no object reached the host's store");

        lock (activities) activities.ShouldBeEmpty("the warm-up's job is not traced");
        app.Services.GetRequiredService<MeterProvider>().ForceFlush().ShouldBeTrue();
        lock (metrics) metrics.SelectMany(m => m.MetricPoints).Sum(p => p.GetSumLong()).ShouldBe(0, "nor counted in the host's metrics");

        // The host itself is traced as usual once the warm-up is over.
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(Features.Plugins.Tests.Reference.ReferenceData.Quotes("default.csv")));
        var id = (await client.CreateFeatureAsync("technical.sma", new { period = 20 }))["id"]!.GetValue<string>();
        await client.GenerateAsync(id, symbol, "2018-01-02", "2019-01-01");
        lock (activities) activities.ShouldContain(a => a.OperationName == "generate" && (string?)a.GetTagItem("features.feature_id") == id);
    }

    [Fact]
    public void A_warm_up_size_out_of_range_fails_the_start_naming_the_key()
    {
        var failure = Should.Throw<Exception>(() => FeaturesApp.Start(Infrastructure.Backends.Embedded, new Dictionary<string, string?>
        {
            ["Features:Warmup:Enabled"] = "true",
            ["Features:Warmup:Symbols"] = "0",
        }));
        Flatten(failure).ShouldContain("Features:Warmup:Symbols must be between 1 and 1000, not 0");
    }

    private static IEnumerable<JsonNode?> Items(JsonNode? body) => body switch
    {
        JsonArray array => array,
        JsonObject o when o["items"] is JsonArray items => items,
        _ => throw new InvalidOperationException($"not a list: {body}"),
    };

    private static async Task<int> StoredObjectsAsync(FeaturesApp app)
    {
        if (app.Backend == Infrastructure.Backends.Embedded)
        {
            var objects = Path.Combine(app.Home, "objects");
            return Directory.Exists(objects) ? Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories).Count() : 0;
        }
        using var s3 = Infrastructure.Backends.S3Client();
        try
        {
            return (await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = app.Bucket })).S3Objects?.Count ?? 0;
        }
        catch (Amazon.S3.AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return 0; // the bucket is created on the first write: none happened
        }
    }

    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
