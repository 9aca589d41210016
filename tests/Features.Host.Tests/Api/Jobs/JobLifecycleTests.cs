using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Features.Host.Tests.Infrastructure;
using Features.Host.Tests.Jobs;
using Features.Host.Tests.Reliability;
using Features.Plugins.Tests.Reference;

namespace Features.Host.Tests.Api.Jobs;

/// <summary>
/// A job while it runs: cancel and retry of a running job, the event stream's pace, and the CLI of the host binary.
/// Slow items come from the test probe plugin (<c>mode=hang</c> sleeps per batch), so a job is reliably mid-run.
/// </summary>
public sealed class JobLifecycleTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private static readonly Dictionary<string, string?> OneWorker = new()
    {
        ["Features:Jobs:Workers"] = "1",
        ["Features:Jobs:SymbolsPerChunk"] = "1",
    };

    private static object Job(IEnumerable<string> features, IEnumerable<string> symbols) =>
        new { feature_ids = features, symbols, timeframe = "1d", start_date = "2018-01-01", end_date = "2019-01-01" };

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

    private static async Task<JsonArray> WaitForRunningItemsAsync(HttpClient client, string jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var running = await client.ItemsAsync(jobId, "running");
            if (running.Count > 0) return running;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no item of job {jobId} started");
            await Task.Delay(50);
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Cancelling_a_running_job_drops_the_items_not_started_and_lets_the_running_ones_finish(string backend)
    {
        await using var host = PluginSandbox.Start(backend, null, OneWorker, await TestPlugins.FolderAsync(TestPlugins.ProbeV1));
        var client = host.Client;
        var symbols = await IngestAsync(client, 4);
        // One worker, one symbol a chunk, 4 s an item: while the first item runs, the other three wait in the queue.
        var slow = (await client.CreateFeatureAsync("test.probe", new { mode = "hang", hang_ms = 4000 })).Id();
        var job = await client.SubmitJobAsync(Job([slow], symbols));
        var id = job.Id();

        var running = await WaitForRunningItemsAsync(client, id);
        var (_, read) = await client.GetJsonAsync($"/api/v1/jobs/{id}");
        read!["status"]!.GetValue<string>().ShouldBe("running");
        read["started_at"].ShouldNotBeNull();
        var (retryStatus, retryProblem) = await client.PostJsonAsync($"/api/v1/jobs/{id}/retry", null);
        retryStatus.ShouldBe(HttpStatusCode.Conflict);
        retryProblem!["detail"]!.GetValue<string>().ShouldContain("still running");

        var (status, cancelled) = await client.PostJsonAsync($"/api/v1/jobs/{id}/cancel", null);
        status.ShouldBe(HttpStatusCode.OK, cancelled?.ToJsonString());
        cancelled!["status"]!.GetValue<string>().ShouldBe("cancelled");
        var dropped = cancelled["cancelled"]!.GetValue<int>();
        dropped.ShouldBeGreaterThan(0, "items not started yet are dropped");
        (dropped + cancelled["done"]!.GetValue<int>() + cancelled["remaining"]!.GetValue<int>()).ShouldBe(4);

        // The running item is not cut off: it finishes and is recorded, and then the cancelled job is finished.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        JsonNode final;
        while (true)
        {
            final = (await client.GetJsonAsync($"/api/v1/jobs/{id}")).Body!;
            if (final["remaining"]!.GetValue<int>() == 0) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException(final.ToJsonString());
            await Task.Delay(200);
        }
        final["status"]!.GetValue<string>().ShouldBe("cancelled");
        final["finished_at"].ShouldNotBeNull();
        final["cancelled"]!.GetValue<int>().ShouldBe(dropped);
        (final["computed"]!.GetValue<int>() + final["cancelled"]!.GetValue<int>()).ShouldBe(4);
        var items = await client.ItemsAsync(id);
        items.Select(i => i!["status"]!.GetValue<string>()).Distinct().OrderBy(s => s).ShouldBe(["cancelled", "succeeded"]);
        var succeeded = items.Where(i => i!["status"]!.GetValue<string>() == "succeeded").ToList();
        succeeded.Count.ShouldBe(final["computed"]!.GetValue<int>());
        succeeded.ShouldAllBe(i => i!["version_hash"] != null);
        foreach (var item in running) succeeded.ShouldContain(i => i!["seq"]!.GetValue<int>() == item!["seq"]!.GetValue<int>(), "an item running at the cancel finishes");

        // A cancelled job stays cancelled: cancel again, or retry (nothing failed), is a conflict.
        (await client.PostJsonAsync($"/api/v1/jobs/{id}/cancel", null)).Status.ShouldBe(HttpStatusCode.Conflict);
        var (again, againProblem) = await client.PostJsonAsync($"/api/v1/jobs/{id}/retry", null);
        again.ShouldBe(HttpStatusCode.Conflict);
        againProblem!["detail"]!.GetValue<string>().ShouldContain("was cancelled");
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Events_come_at_most_once_a_second_each_a_change_and_the_stream_ends_with_the_final_state(string backend)
    {
        await using var host = PluginSandbox.Start(backend, null, OneWorker, await TestPlugins.FolderAsync(TestPlugins.ProbeV1));
        var client = host.Client;
        var symbols = await IngestAsync(client, 4);
        var slow = (await client.CreateFeatureAsync("test.probe", new { mode = "hang", hang_ms = 700 })).Id();
        var job = await client.SubmitJobAsync(Job([slow], symbols));

        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync($"/api/v1/jobs/{job.Id()}/events", HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('\n'))
            .Select(lines => (Name: lines[0]["event: ".Length..], Data: lines[1]["data: ".Length..]))
            .ToList();

        events[^1].Name.ShouldBe("finished");
        events.Count(e => e.Name == "finished").ShouldBe(1);
        var last = JsonNode.Parse(events[^1].Data)!;
        (last["status"]!.GetValue<string>(), last["done"]!.GetValue<int>(), last["remaining"]!.GetValue<int>()).ShouldBe(("succeeded", 4, 0));
        var progress = events.Take(events.Count - 1).ToList();
        progress.ShouldAllBe(e => e.Name == "progress");
        // The server polls once a second and sends only what changed: never more events than seconds the stream was open.
        progress.Count.ShouldBeLessThanOrEqualTo((int)Math.Ceiling(seconds), $"{progress.Count} progress events in {seconds:F1} s");
        progress.Select(e => e.Data).Distinct().Count().ShouldBe(progress.Count, "each event is a change");
        var done = progress.Select(e => JsonNode.Parse(e.Data)!["done"]!.GetValue<int>()).Append(4).ToList();
        done.ShouldBe(done.Order().ToList(), "progress never goes back");
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task The_cli_submits_and_waits_prints_the_summary_and_status_and_exits_non_zero_when_items_failed(string backend)
    {
        using var app = FeaturesApp.Start(backend, kestrel: true);
        var client = app.CreateClient();
        var url = app.BaseAddress!.ToString();
        var symbols = await IngestAsync(client, 2);
        var partial = ApiClient.NewSymbol();
        await client.IngestAsync(partial, "1d", Csv.From(ReferenceData.Quotes("default.csv").Where(b => b.Timestamp < Csv.Micros("2017-06-01"))));
        var sma = (await client.CreateFeatureAsync("technical.sma")).Id();
        var rsi = (await client.CreateFeatureAsync("technical.rsi")).Id();
        var setName = "cli-" + ApiClient.NewSymbol().ToLowerInvariant();
        await client.CreateFeatureSetAsync(setName, sma, rsi);

        var (code, output, error) = await CliAsync("jobs", "submit", "--feature-set", setName, "--symbols", string.Join(',', symbols),
            "--from", "2018-01-01", "--to", "2019-01-01", "--wait", "--url", url);
        code.ShouldBe(0, output + error);
        var id = output.Split('\n')[0].Split(' ')[1];
        output.ShouldStartWith($"job {id} queued: 4 items");
        // Not a terminal: a progress line per tenth instead of a redrawn bar, ending full.
        output.ShouldContain("[##############################] 4/4 items");
        output.ShouldContain("status    succeeded");
        output.ShouldContain("items     4 total: 4 computed, 0 cached, 0 failed, 0 cancelled, 0 remaining");
        var (_, job) = await client.GetJsonAsync($"/api/v1/jobs/{id}");
        job!["status"]!.GetValue<string>().ShouldBe("succeeded");

        (code, output, error) = await CliAsync("jobs", "status", id, "--url", url);
        code.ShouldBe(0, error);
        output.ShouldContain($"job       {id}");
        output.ShouldContain("items     4 total: 4 computed, 0 cached, 0 failed, 0 cancelled, 0 remaining");

        // Ids instead of a set name (sma over the first symbol is a cache hit of the first job); a symbol without bars in
        // range fails its item, and the exit code says so.
        (code, output, error) = await CliAsync("jobs", "submit", "--features", sma, "--symbols", $"{symbols[0]},{partial}",
            "--from", "2018-01-01", "--to", "2019-01-01", "--wait", "--url", url);
        code.ShouldBe(1, output + error);
        output.ShouldContain("status    completed_with_errors");
        output.ShouldContain("items     2 total: 0 computed, 1 cached, 1 failed, 0 cancelled, 0 remaining");
        output.ShouldContain($"  {partial} {sma}: ");

        (code, _, error) = await CliAsync("jobs", "submit", "--feature-set", "no-such-set-" + ApiClient.NewSymbol(), "--symbols", "all", "--from", "2018-01-01", "--to", "2019-01-01", "--url", url);
        code.ShouldBe(3);
        error.ShouldContain("no feature set named 'no-such-set-");
        (code, _, error) = await CliAsync("jobs", "submit", "--features", sma, "--symbols", "all", "--from", "2019-01-01", "--to", "2018-01-01", "--url", url);
        code.ShouldBe(3, "a 422 is the host refusing");
        error.ShouldStartWith("422 ");
        (code, _, error) = await CliAsync("jobs", "submit", "--symbols", "all", "--url", url);
        code.ShouldBe(2);
        error.ShouldContain("usage: jobs submit");
    }

    /// <summary>The host binary as a user runs it: <c>dotnet Features.Host.dll jobs ...</c>, output redirected (not a terminal).</summary>
    private static async Task<(int Code, string Output, string Error)> CliAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(ProcessLifecycleTests.HostProcess.Dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
