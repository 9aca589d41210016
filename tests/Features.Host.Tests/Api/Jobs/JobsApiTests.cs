using System.Net;
using System.Text.Json.Nodes;
using Features.Host.Tests.Infrastructure;
using Features.Host.Tests.Jobs;
using Features.Plugins.Tests.Reference;
using Features.PluginSdk;

namespace Features.Host.Tests.Api.Jobs;

public sealed class JobsApiTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    private static Bar[] Default => ReferenceData.Quotes("default.csv");

    private static async Task<string> IngestAsync(HttpClient client, IEnumerable<Bar>? bars = null)
    {
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(bars ?? Default));
        return symbol;
    }

    private static object Job(object features, object symbols, string start = "2018-01-01", string end = "2019-01-01") =>
        features is string setId
            ? new { feature_set_id = setId, symbols, timeframe = "1d", start_date = start, end_date = end }
            : new { feature_ids = features, symbols, timeframe = "1d", start_date = start, end_date = end };

    [Theory, MemberData(nameof(Backends))]
    public async Task Job_items_are_the_datasets_single_generates_make_and_later_generates_are_cache_hits(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbols = new[] { await IngestAsync(client), await IngestAsync(client), await IngestAsync(client) };
        var sma = (await client.CreateFeatureAsync("technical.sma", new { period = 10 })).Id();
        var rsi = (await client.CreateFeatureAsync("technical.rsi")).Id();
        var set = await client.CreateFeatureSetAsync("job-" + ApiClient.NewSymbol(), sma, rsi);

        var submitted = await client.SubmitJobAsync(Job(set, symbols));
        submitted["total_items"]!.GetValue<int>().ShouldBe(6);
        submitted["status"]!.GetValue<string>().ShouldBe("queued");
        var job = await client.WaitForJobAsync(submitted.Id());
        job["status"]!.GetValue<string>().ShouldBe("succeeded", job.ToJsonString());
        (job["done"]!.GetValue<int>(), job["computed"]!.GetValue<int>(), job["failed"]!.GetValue<int>(), job["remaining"]!.GetValue<int>()).ShouldBe((6, 6, 0, 0));
        job["started_at"].ShouldNotBeNull();
        job["finished_at"].ShouldNotBeNull();

        // The same definitions under other ids and another storage prefix: their single generates write their own objects.
        var twins = new Dictionary<string, string>
        {
            [sma] = await CreateTwinAsync(client, "technical.sma", new { period = 10 }),
            [rsi] = await CreateTwinAsync(client, "technical.rsi", new { }),
        };
        var items = await client.ItemsAsync(submitted.Id());
        items.Count.ShouldBe(6);
        foreach (var item in items)
        {
            item!["status"]!.GetValue<string>().ShouldBe("succeeded");
            var (feature, symbol, hash) = (item["feature_id"]!.GetValue<string>(), item["symbol"]!.GetValue<string>(), item["version_hash"]!.GetValue<string>());
            var single = await client.GenerateAsync(twins[feature], symbol, "2018-01-01", "2019-01-01");
            single["version_hash"]!.GetValue<string>().ShouldBe(hash);
            single["cached"]!.GetValue<bool>().ShouldBeFalse();
            (await client.DownloadAsync(feature, hash, "parquet")).ShouldBe(await client.DownloadAsync(twins[feature], hash, "parquet"));

            var again = await client.GenerateAsync(feature, symbol, "2018-01-01", "2019-01-01");
            again["cached"]!.GetValue<bool>().ShouldBeTrue();
            again["dataset_id"]!.GetValue<string>().ShouldBe(item["dataset_id"]!.GetValue<string>());
        }

        var rerun = await client.WaitForJobAsync((await client.SubmitJobAsync(Job(set, symbols))).Id());
        rerun["status"]!.GetValue<string>().ShouldBe("succeeded");
        (rerun["cached"]!.GetValue<int>(), rerun["computed"]!.GetValue<int>()).ShouldBe((6, 0));
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task After_a_bar_revision_a_jobs_new_datasets_record_the_ones_they_supersede(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbol = await IngestAsync(client);
        // Two features of one symbol: the job records them together (DatasetRecorder's batch path, not one by one).
        var features = new[] { (await client.CreateFeatureAsync("technical.sma", new { period = 10 })).Id(), (await client.CreateFeatureAsync("technical.rsi")).Id() };
        var first = await client.WaitForJobAsync((await client.SubmitJobAsync(Job(features, new[] { symbol }))).Id());
        first["status"]!.GetValue<string>().ShouldBe("succeeded", first.ToJsonString());
        var before = (await client.ItemsAsync(first.Id())).ToDictionary(i => i!["feature_id"]!.GetValue<string>(), i => i!["dataset_id"]!.GetValue<string>());

        var index = System.Array.FindIndex(Default, b => b.Timestamp >= Csv.Micros("2018-06-01"));
        await client.IngestAsync(symbol, "1d", Csv.From([Default[index] with { Close = Default[index].Low }]));
        var second = await client.WaitForJobAsync((await client.SubmitJobAsync(Job(features, new[] { symbol }))).Id());
        (second["status"]!.GetValue<string>(), second["computed"]!.GetValue<int>()).ShouldBe(("succeeded", 2), second.ToJsonString());

        foreach (var item in await client.ItemsAsync(second.Id()))
        {
            var feature = item!["feature_id"]!.GetValue<string>();
            item["dataset_id"]!.GetValue<string>().ShouldNotBe(before[feature]);
            var served = await client.GenerateAsync(feature, symbol, "2018-01-01", "2019-01-01");
            served["cached"]!.GetValue<bool>().ShouldBeTrue();
            served["dataset_id"]!.GetValue<string>().ShouldBe(item["dataset_id"]!.GetValue<string>());
            served["supersedes"]!.GetValue<string>().ShouldBe(before[feature], $"feature {feature}");
        }
    }

    private static async Task<string> CreateTwinAsync(HttpClient client, string pluginKey, object parameters)
    {
        var (status, body) = await client.PostJsonAsync("/api/v1/features",
            new { name = pluginKey + " twin", plugin_key = pluginKey, parameters, storage_prefix = "twins/" + ApiClient.NewSymbol().ToLowerInvariant() });
        status.ShouldBe(HttpStatusCode.Created, body?.ToJsonString());
        return body!.Id();
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Items_without_bars_in_range_fail_as_a_single_generate_would_and_retry_requeues_only_them(string backend)
    {
        var client = ApiClient.Client(backend);
        var early = Default.Where(b => b.Timestamp < Csv.Micros("2017-06-01")).ToArray();
        var full = await IngestAsync(client);
        var partial = await IngestAsync(client, early);
        var sma = (await client.CreateFeatureAsync("technical.sma")).Id();

        var first = await client.SubmitJobAsync(Job(new[] { sma }, new[] { full, partial }));
        var job = await client.WaitForJobAsync(first.Id());
        job["status"]!.GetValue<string>().ShouldBe("completed_with_errors", job.ToJsonString());
        (job["computed"]!.GetValue<int>(), job["failed"]!.GetValue<int>()).ShouldBe((1, 1));

        var failed = await client.ItemsAsync(first.Id(), "failed");
        failed.Count.ShouldBe(1);
        failed[0]!["symbol"]!.GetValue<string>().ShouldBe(partial);
        var (singleStatus, singleProblem) = await client.PostJsonAsync($"/api/v1/features/{sma}/generate",
            new { symbol = partial, timeframe = "1d", start_date = "2018-01-01", end_date = "2019-01-01" });
        singleStatus.ShouldBe(HttpStatusCode.UnprocessableEntity);
        failed[0]!["error"]!["status"]!.GetValue<int>().ShouldBe(422);
        failed[0]!["error"]!["detail"]!.GetValue<string>().ShouldBe(singleProblem!["detail"]!.GetValue<string>());
        (await client.ItemsAsync(first.Id(), "succeeded")).Single()!["symbol"]!.GetValue<string>().ShouldBe(full);

        var (cancelStatus, cancelProblem) = await client.PostJsonAsync($"/api/v1/jobs/{first.Id()}/cancel", null);
        cancelStatus.ShouldBe(HttpStatusCode.Conflict);
        cancelProblem!["detail"]!.GetValue<string>().ShouldContain("already finished");

        // The missing bars arrive; a retry runs the failed item only.
        await client.IngestAsync(partial, "1d", Csv.From(Default));
        var (retryStatus, retried) = await client.PostJsonAsync($"/api/v1/jobs/{first.Id()}/retry", null);
        retryStatus.ShouldBe(HttpStatusCode.Accepted, retried?.ToJsonString());
        retried!["status"]!.GetValue<string>().ShouldBe("running");
        (retried["failed"]!.GetValue<int>(), retried["remaining"]!.GetValue<int>()).ShouldBe((0, 1));
        job = await client.WaitForJobAsync(first.Id());
        job["status"]!.GetValue<string>().ShouldBe("succeeded", job.ToJsonString());
        (job["computed"]!.GetValue<int>(), job["failed"]!.GetValue<int>()).ShouldBe((2, 0));

        var (againStatus, againProblem) = await client.PostJsonAsync($"/api/v1/jobs/{first.Id()}/retry", null);
        againStatus.ShouldBe(HttpStatusCode.Conflict);
        againProblem!["detail"]!.GetValue<string>().ShouldContain("no failed items");

        // Every item failing fails the job.
        var none = await IngestAsync(client, early);
        var allFailed = await client.WaitForJobAsync((await client.SubmitJobAsync(Job(new[] { sma }, new[] { none }))).Id());
        allFailed["status"]!.GetValue<string>().ShouldBe("failed");
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_job_waits_queued_without_workers_cancel_drops_it_and_another_host_on_the_database_runs_the_next(string backend)
    {
        using var submitter = FeaturesApp.Start(backend, new Dictionary<string, string?> { ["Features:Jobs:Worker"] = "false" });
        var client = submitter.CreateClient();
        var symbols = new[] { await IngestAsync(client), await IngestAsync(client) };
        var sma = (await client.CreateFeatureAsync("technical.sma")).Id();

        var queued = await client.SubmitJobAsync(Job(new[] { sma }, symbols));
        var (_, read) = await client.GetJsonAsync($"/api/v1/jobs/{queued.Id()}");
        read!["status"]!.GetValue<string>().ShouldBe("queued");
        (await client.ItemsAsync(queued.Id(), "pending")).Count.ShouldBe(2);

        var (status, cancelled) = await client.PostJsonAsync($"/api/v1/jobs/{queued.Id()}/cancel", null);
        status.ShouldBe(HttpStatusCode.OK, cancelled?.ToJsonString());
        cancelled!["status"]!.GetValue<string>().ShouldBe("cancelled");
        (cancelled["cancelled"]!.GetValue<int>(), cancelled["remaining"]!.GetValue<int>()).ShouldBe((2, 0));
        cancelled["finished_at"].ShouldNotBeNull();
        (await client.ItemsAsync(queued.Id(), "cancelled")).Count.ShouldBe(2);
        (await client.PostJsonAsync($"/api/v1/jobs/{queued.Id()}/cancel", null)).Status.ShouldBe(HttpStatusCode.Conflict);
        (await client.PostJsonAsync($"/api/v1/jobs/{queued.Id()}/retry", null)).Status.ShouldBe(HttpStatusCode.Conflict);

        var next = await client.SubmitJobAsync(Job(new[] { sma }, symbols));
        using var worker = FeaturesApp.StartBeside(submitter);
        var done = await client.WaitForJobAsync(next.Id());
        done["status"]!.GetValue<string>().ShouldBe("succeeded", done.ToJsonString());
        done["computed"]!.GetValue<int>().ShouldBe(2);

        var (_, list) = await client.GetJsonAsync("/api/v1/jobs");
        list!.AsArray().Select(j => j!.Id()).ShouldBe([next.Id(), queued.Id()]);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Every_invalid_submission_is_a_422_naming_its_field_and_queues_nothing(string backend)
    {
        using var app = FeaturesApp.Start(backend, new Dictionary<string, string?> { ["Features:Jobs:MaxItems"] = "3" });
        var client = app.CreateClient();
        var symbols = new[] { await IngestAsync(client), await IngestAsync(client) };
        var sma = (await client.CreateFeatureAsync("technical.sma")).Id();
        var rsi = (await client.CreateFeatureAsync("technical.rsi")).Id();
        var set = await client.CreateFeatureSetAsync("bad-" + ApiClient.NewSymbol(), sma);
        var unknown = Guid.NewGuid().ToString();

        var cases = new (object Body, string Field)[]
        {
            (new { symbols, start_date = "2018-01-01", end_date = "2019-01-01" }, "feature_set_id"),
            (new { feature_set_id = set, feature_ids = new[] { sma }, symbols, start_date = "2018-01-01", end_date = "2019-01-01" }, "feature_ids"),
            (Job(unknown, symbols), "feature_set_id"),
            (Job(Array.Empty<string>(), symbols), "feature_ids"),
            (Job(new[] { sma, unknown }, symbols), "feature_ids"),
            (new { feature_ids = new[] { sma }, start_date = "2018-01-01", end_date = "2019-01-01" }, "symbols"),
            (Job(new[] { sma }, "AAPL"), "symbols"),
            (Job(new[] { sma }, new { everything = true }), "symbols"),
            (Job(new[] { sma }, new[] { "bad symbol!" }), "symbols"),
            (Job(new[] { sma }, new[] { symbols[0], "NOBARS" + ApiClient.NewSymbol() }), "symbols"),
            (Job(new[] { sma }, new { prefix = "ZZNONE" }), "symbols"),
            (Job(new[] { sma, rsi }, symbols), "symbols"), // 4 items > MaxItems 3
            (new { feature_ids = new[] { sma }, symbols, timeframe = "7s", start_date = "2018-01-01", end_date = "2019-01-01" }, "timeframe"),
            (Job(new[] { sma }, symbols, start: "yesterday"), "start_date"),
            (Job(new[] { sma }, symbols, start: "2019-01-01", end: "2018-01-01"), "end_date"),
        };
        foreach (var (body, field) in cases)
        {
            var (status, problem) = await client.PostJsonAsync("/api/v1/jobs", body);
            status.ShouldBe(HttpStatusCode.UnprocessableEntity, $"{System.Text.Json.JsonSerializer.Serialize(body)} -> {problem?.ToJsonString()}");
            problem.ErrorFields().ShouldBe([field], problem?.ToJsonString());
        }
        var (_, jobs) = await client.GetJsonAsync("/api/v1/jobs");
        jobs!.AsArray().ShouldBeEmpty();
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Unknown_jobs_are_404_on_every_endpoint(string backend)
    {
        var client = ApiClient.Client(backend);
        var id = Guid.NewGuid();
        (await client.GetJsonAsync($"/api/v1/jobs/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetJsonAsync($"/api/v1/jobs/{id}/items")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetJsonAsync($"/api/v1/jobs/{id}/events")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostJsonAsync($"/api/v1/jobs/{id}/cancel", null)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await client.PostJsonAsync($"/api/v1/jobs/{id}/retry", null)).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task Events_report_progress_and_end_with_one_finished_event(string backend)
    {
        var client = ApiClient.Client(backend);
        var symbols = new[] { await IngestAsync(client), await IngestAsync(client) };
        var sma = (await client.CreateFeatureAsync("technical.sma")).Id();
        var job = await client.SubmitJobAsync(Job(new[] { sma }, symbols));

        using var response = await client.GetAsync($"/api/v1/jobs/{job.Id()}/events", HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        var text = await response.Content.ReadAsStringAsync();
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('\n'))
            .Select(lines => (Name: lines[0]["event: ".Length..], Data: JsonNode.Parse(lines[1]["data: ".Length..])!))
            .ToList();
        events.ShouldNotBeEmpty();
        events.Take(events.Count - 1).ShouldAllBe(e => e.Name == "progress");
        events[^1].Name.ShouldBe("finished");
        events[^1].Data["status"]!.GetValue<string>().ShouldBe("succeeded");
        events[^1].Data["done"]!.GetValue<int>().ShouldBe(2);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_plugin_that_throws_fails_only_its_own_items_with_the_plugins_name(string backend)
    {
        await using var host = PluginSandbox.Start(backend, null, null, await TestPlugins.FolderAsync(TestPlugins.ProbeV1));
        var client = host.Client;
        var symbols = new[] { await IngestAsync(client), await IngestAsync(client) };
        var ok = (await client.CreateFeatureAsync("test.probe")).Id();
        var throwing = (await client.CreateFeatureAsync("test.probe", new { mode = "throw" })).Id();

        var job = await client.WaitForJobAsync((await client.SubmitJobAsync(Job(new[] { ok, throwing }, symbols))).Id());
        job["status"]!.GetValue<string>().ShouldBe("completed_with_errors", job.ToJsonString());
        (job["computed"]!.GetValue<int>(), job["failed"]!.GetValue<int>()).ShouldBe((2, 2));
        var failed = await client.ItemsAsync(job.Id(), "failed");
        failed.ShouldAllBe(i => i!["feature_id"]!.GetValue<string>() == throwing);
        failed.ShouldAllBe(i => i!["error"]!["detail"]!.GetValue<string>().Contains("plugin 'test.probe'") && i["error"]!["detail"]!.GetValue<string>().Contains("probe was told to throw"));
        (await client.ItemsAsync(job.Id(), "succeeded")).ShouldAllBe(i => i!["feature_id"]!.GetValue<string>() == ok);
    }
}
