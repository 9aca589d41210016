using Features.Host.Tests.Infrastructure;
using Features.Host.Tests.Reliability;
using Features.Plugins.Tests.Reference;
using Xunit.Abstractions;

namespace Features.Host.Tests.Jobs;

/// <summary>The only host of the embedded default is killed mid-job (SIGKILL, a real process) and started again.</summary>
[Collection(FaultCollection.Name)]
public sealed class JobRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_job_interrupted_by_killing_the_only_embedded_host_resumes_after_restart_and_completes()
    {
        var store = ProcessLifecycleTests.ChildStore.Create(Backends.Embedded);
        // One worker, one symbol per chunk: the job is many small Hangfire jobs, and a killed one is redelivered 5 s later.
        var settings = new Dictionary<string, string>
        {
            ["Features__Jobs__Workers"] = "1",
            ["Features__Jobs__SymbolsPerChunk"] = "1",
            ["Features__Jobs__InvisibilityTimeoutSeconds"] = "5",
        };
        var bars = Csv.From(ReferenceData.Quotes("default.csv"));
        string jobId;
        int total;
        using (var first = await ProcessLifecycleTests.HostProcess.StartAsync(store, settings))
        {
            var symbols = new List<string>();
            for (var i = 0; i < 40; i++)
            {
                var symbol = ApiClient.NewSymbol();
                await first.Client.IngestAsync(symbol, "1d", bars);
                symbols.Add(symbol);
            }
            var features = new List<string>();
            foreach (var (key, parameters) in new (string, object)[] { ("technical.sma", new { period = 20 }), ("technical.rsi", new { }), ("technical.macd", new { }), ("technical.atr", new { }) })
            {
                features.Add((await first.Client.CreateFeatureAsync(key, parameters)).Id());
            }
            var job = await first.Client.SubmitJobAsync(new { feature_ids = features, symbols, timeframe = "1d", start_date = "2017-06-01", end_date = "2019-01-01" });
            (jobId, total) = (job.Id(), job["total_items"]!.GetValue<int>());
            total.ShouldBe(160);

            var progress = job;
            while (progress["done"]!.GetValue<int>() == 0)
            {
                await Task.Delay(50);
                progress = (await first.Client.GetJsonAsync($"/api/v1/jobs/{jobId}")).Body!;
            }
            first.Kill();
            output.WriteLine($"killed at {progress["done"]} of {total} items");
            progress["status"]!.GetValue<string>().ShouldBe("running", "the host must be killed mid-job");
            progress["done"]!.GetValue<int>().ShouldBeLessThan(total);
        }

        using var second = await ProcessLifecycleTests.HostProcess.StartAsync(store, settings);
        var finished = await second.Client.WaitForJobAsync(jobId, seconds: 300);
        output.WriteLine(finished.ToJsonString());
        finished["status"]!.GetValue<string>().ShouldBe("succeeded");
        (finished["done"]!.GetValue<int>(), finished["failed"]!.GetValue<int>(), finished["remaining"]!.GetValue<int>()).ShouldBe((total, 0, 0));
        var items = await second.Client.ItemsAsync(jobId);
        items.Count.ShouldBe(total);
        items.ShouldAllBe(i => i!["status"]!.GetValue<string>() == "succeeded" && i["version_hash"] != null);
        // Each (feature, symbol) was recorded once, however often its chunk was delivered.
        var sample = items[0]!;
        var (_, versions) = await second.Client.GetJsonAsync($"/api/v1/features/{sample["feature_id"]}/versions?symbol={sample["symbol"]}&timeframe=1d");
        versions!.AsArray().Count.ShouldBe(1);
    }
}
