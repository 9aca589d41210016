using Features.Host.Tests.Infrastructure;
using Features.Host.Tests.Reliability;
using Features.Plugins.Tests.Reference;
using Npgsql;
using Xunit.Abstractions;

namespace Features.Host.Tests.Jobs;

/// <summary>
/// A job whose object store or database goes away pauses and resumes: its chunks fail with the 503-class error, Hangfire
/// schedules them again with back-off, no item is failed or lost, and the job completes once the server is back.
/// PostgreSQL + s3rver only (the servers scripts/test.sh started, stopped and restarted here).
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class JobOutageTests(ITestOutputHelper output)
{
    public static TheoryData<string> RealOnly => Backends.RealOnly();

    private static readonly Dictionary<string, string?> OneWorker = new()
    {
        ["Features:Jobs:Workers"] = "1",
        ["Features:Jobs:SymbolsPerChunk"] = "1",
        ["Features:Jobs:InvisibilityTimeoutSeconds"] = "10",
    };

    private static object Job(string feature, IEnumerable<string> symbols) =>
        new { feature_ids = new[] { feature }, symbols, timeframe = "1d", start_date = "2018-01-01", end_date = "2019-01-01" };

    private static async Task<List<string>> IngestAsync(HttpClient client, int count)
    {
        var symbols = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var symbol = ApiClient.NewSymbol();
            await client.IngestAsync(symbol, "1d", Csv.From(ReferenceData.Quotes("default.csv")));
            symbols.Add(symbol);
        }
        return symbols;
    }

    /// <summary>Hangfire's retries of the chunks of this host's database: "Scheduled" states its AutomaticRetry wrote.</summary>
    private static async Task<List<string>> RetriesAsync(FeaturesApp app)
    {
        await using var connection = new NpgsqlConnection(app.DatabaseConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT reason FROM hangfire.state WHERE name = 'Scheduled' AND reason LIKE 'Retry attempt%' ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var reasons = new List<string>();
        while (await reader.ReadAsync()) reasons.Add(reader.GetString(0));
        return reasons;
    }

    private static async Task AssertAllSucceededOnceAsync(HttpClient client, string jobId, int total)
    {
        var finished = await client.WaitForJobAsync(jobId, seconds: 300);
        finished["status"]!.GetValue<string>().ShouldBe("succeeded", finished.ToJsonString());
        (finished["computed"]!.GetValue<int>(), finished["failed"]!.GetValue<int>(), finished["remaining"]!.GetValue<int>()).ShouldBe((total, 0, 0));
        var items = await client.ItemsAsync(jobId);
        items.ShouldAllBe(i => i!["status"]!.GetValue<string>() == "succeeded" && i["version_hash"] != null);
        foreach (var item in items)
        {
            var (_, versions) = await client.GetJsonAsync($"/api/v1/features/{item!["feature_id"]}/versions?symbol={item["symbol"]}&timeframe=1d");
            versions!.AsArray().Count.ShouldBe(1, "recorded once, however often its chunk ran");
        }
    }

    [Theory, MemberData(nameof(RealOnly))]
    public async Task Object_store_down_pauses_a_job_its_chunks_are_retried_with_back_off_and_it_completes_once_the_store_is_back(string backend)
    {
        if (backend.EndsWith(":skip", StringComparison.Ordinal)) return;
        using var app = FeaturesApp.Start(backend, OneWorker);
        var client = app.CreateClient();
        var symbols = await IngestAsync(client, 3);
        var sma = (await client.CreateFeatureAsync("technical.sma")).Id();
        string jobId;
        try
        {
            FaultTests.StopS3();
            await FaultTests.WaitAsync(() => !FaultTests.PortOpen(FaultTests.S3Port), "s3rver is down");
            jobId = (await client.SubmitJobAsync(Job(sma, symbols))).Id();
            // Each chunk's upload fails; Hangfire schedules it again after 1 s, then 2 s, 5 s...: wait for a second attempt.
            var deadline = DateTime.UtcNow.AddSeconds(120);
            List<string> retries;
            while (!(retries = await RetriesAsync(app)).Any(r => r.StartsWith("Retry attempt 2 of 10", StringComparison.Ordinal)))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("no chunk was retried while the object store was down");
                await Task.Delay(200);
            }
            output.WriteLine(string.Join("\n", retries));
            retries.ShouldAllBe(r => r.Contains("object store unreachable", StringComparison.Ordinal));
            var (_, paused) = await client.GetJsonAsync($"/api/v1/jobs/{jobId}");
            paused!["status"]!.GetValue<string>().ShouldBe("running");
            (paused["done"]!.GetValue<int>(), paused["failed"]!.GetValue<int>()).ShouldBe((0, 0), "nothing is stored or failed while the store is away");
        }
        finally
        {
            await FaultTests.StartS3Async();
        }
        await AssertAllSucceededOnceAsync(client, jobId, symbols.Count);
    }

    [Theory, MemberData(nameof(RealOnly))]
    public async Task Database_down_mid_job_pauses_it_and_the_job_resumes_and_completes_once_the_database_is_back(string backend)
    {
        if (backend.EndsWith(":skip", StringComparison.Ordinal)) return;
        await using var host = PluginSandbox.Start(backend, null, OneWorker, await TestPlugins.FolderAsync(TestPlugins.ProbeV1));
        var client = host.Client;
        var symbols = await IngestAsync(client, 3);
        // 2 s an item: the database goes away while the first chunk computes, before it can record.
        var slow = (await client.CreateFeatureAsync("test.probe", new { mode = "hang", hang_ms = 2000 })).Id();
        var jobId = (await client.SubmitJobAsync(Job(slow, symbols))).Id();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while ((await client.ItemsAsync(jobId, "running")).Count == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no item started");
            await Task.Delay(50);
        }
        try
        {
            await FaultTests.PgCtlAsync("-m fast stop");
            await Task.Delay(TimeSpan.FromSeconds(4)); // the outage: longer than an item, so a record and a fetch meet it
        }
        finally
        {
            await FaultTests.PgCtlAsync("start");
            NpgsqlConnection.ClearPool(new NpgsqlConnection(Backends.PostgresConnection));
        }
        // The host's pooled connections broken by the restart are dropped on first use: a few 503s at most.
        for (var attempt = 0; attempt < 40 && (await client.GetJsonAsync("/health")).Status != System.Net.HttpStatusCode.OK; attempt++) await Task.Delay(250);
        await AssertAllSucceededOnceAsync(client, jobId, symbols.Count);
        output.WriteLine(string.Join("\n", await RetriesAsync(host.App)));
    }
}
