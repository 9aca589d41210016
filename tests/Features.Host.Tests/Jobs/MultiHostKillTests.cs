using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Features.Host.Storage;
using Features.Host.Tests.Infrastructure;
using Features.Host.Tests.Reliability;
using Features.Plugins.Tests.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Features.Host.Tests.Jobs;

/// <summary>
/// Three host processes on one PostgreSQL database and one bucket share a job of 2,000 items with no coordinator of
/// their own (Hangfire on PostgreSQL); one of them is SIGKILLed mid-job while it has chunks in flight. The job still
/// completes, with exactly the datasets a single host computes, each recorded once, nothing stored that is not
/// recorded, and the killed host's chunks redone by the others.
/// The bucket is listed with ListObjects v1 (see <see cref="ProcessLifecycleTests.ChildStore.KeysAsync"/>): s3rver's v2
/// listing fails past 1,000 keys on Node 17 and later. In the default run; <c>Category=MultiHost</c> runs it alone
/// (docs/SCALING.md has its duration).
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "MultiHost")]
public sealed class MultiHostKillTests(ITestOutputHelper output)
{
    // 20 features × 100 symbols: the item count is what the test needs; fewer symbols mean fewer uploads, chunks and bar reads.
    private const int Symbols = 100;
    private const int InvisibilitySeconds = 10;
    private const string Start = "2017-06-01";
    private const string End = "2019-01-01";

    private static readonly (string Key, object Parameters)[] Features =
    [
        ("technical.sma", new { period = 20 }), ("technical.sma", new { period = 50 }), ("technical.ema", new { period = 20 }),
        ("technical.ema", new { period = 10 }), ("technical.roc", new { period = 10 }), ("technical.roc", new { period = 20 }),
        ("technical.rsi", new { }), ("technical.macd", new { }), ("technical.bb", new { }), ("technical.atr", new { }),
        ("technical.stoch", new { }), ("technical.adx", new { }), ("technical.obv", new { }), ("technical.donchian", new { }),
        ("technical.mfi", new { }), ("technical.cci", new { }), ("technical.aroon", new { }), ("technical.cmf", new { }),
        ("statistical.zscore", new { window = 20 }), ("statistical.rolling_moments", new { }),
    ];

    public static TheoryData<string> RealOnly => Backends.RealOnly();

    [Theory, MemberData(nameof(RealOnly))]
    public async Task A_job_survives_sigkill_of_one_of_three_hosts_with_every_dataset_recorded_once_and_equal_to_a_single_hosts(string backend)
    {
        if (backend.EndsWith(":skip", StringComparison.Ordinal)) return;
        // First, so that under CI=true a missing server fails the test here.
        var store = ProcessLifecycleTests.ChildStore.Create(backend);
        var bars = Csv.From(ReferenceData.Quotes("default.csv"));
        var symbols = Enumerable.Range(0, Symbols).Select(i => $"MH{i:D3}").ToList();
        var phase = Stopwatch.StartNew();
        // The single-host reference runs in this process while the three hosts start and ingest (mostly waiting on start-up).
        var sinceStart = Stopwatch.StartNew();
        var reference = Task.Run(async () =>
        {
            var hashes = await SingleHostHashesAsync(bars, symbols);
            output.WriteLine($"the single-host reference finished {sinceStart.Elapsed.TotalSeconds:F1} s after the test began");
            return hashes;
        });

        // One symbol per chunk (each Hangfire job is one symbol's 20 items); a dead host's fetched chunks are redelivered after 10 s.
        var settings = new Dictionary<string, string>
        {
            ["Features__Jobs__SymbolsPerChunk"] = "1",
            ["Features__Jobs__InvisibilityTimeoutSeconds"] = InvisibilitySeconds.ToString(CultureInfo.InvariantCulture),
        };
        // The first host creates the schema (ours and Hangfire's); the other two start side by side on it.
        using var first = await ProcessLifecycleTests.HostProcess.StartAsync(store, settings);
        var others = await Task.WhenAll(ProcessLifecycleTests.HostProcess.StartAsync(store, settings), ProcessLifecycleTests.HostProcess.StartAsync(store, settings));
        using var doomed = others[0];
        using var third = others[1];
        Phase("three hosts started", phase);
        ProcessLifecycleTests.HostProcess[] hosts = [first, doomed, third];
        await Parallel.ForEachAsync(symbols.Select((s, i) => (Symbol: s, Host: hosts[i % hosts.Length])), new ParallelOptions { MaxDegreeOfParallelism = 3 },
            async (upload, _) => await upload.Host.Client.IngestAsync(upload.Symbol, "1d", bars));
        var features = new List<string>();
        foreach (var (key, parameters) in Features) features.Add((await first.Client.CreateFeatureAsync(key, parameters)).Id());
        Phase($"{Symbols} symbols ingested through the three hosts", phase);

        var job = await first.Client.SubmitJobAsync(new { feature_ids = features, symbols = new { prefix = "MH" }, timeframe = "1d", start_date = Start, end_date = End });
        var (jobId, total) = (job.Id(), job["total_items"]!.GetValue<int>());
        total.ShouldBe(Features.Length * Symbols);
        // Kill once 40% is done and the doomed host is in the middle of a chunk, so it dies with work in flight.
        var (progress, inFlight, doomedChunks) = await WaitForKillPointAsync(store, first.Client, jobId, total * 2 / 5, doomed.ProcessId);
        var doomedPid = doomed.ProcessId;
        doomed.Kill();
        var killedAt = DateTime.UtcNow;
        var killed = Stopwatch.StartNew();
        output.WriteLine($"killed one host at {progress["done"]} of {total} items; {inFlight.Count} items were running on the three hosts, chunk(s) {string.Join(", ", doomedChunks)} unfinished on the killed one");
        progress["status"]!.GetValue<string>().ShouldBe("running", "the host must be killed mid-job");

        var finished = await third.Client.WaitForJobAsync(jobId, seconds: 900);
        output.WriteLine($"finished {killed.Elapsed.TotalSeconds:F1} s after the kill (invisibility timeout {InvisibilitySeconds} s): {finished.ToJsonString()}");
        Phase("job", phase);
        finished["status"]!.GetValue<string>().ShouldBe("succeeded");
        (finished["done"]!.GetValue<int>(), finished["failed"]!.GetValue<int>(), finished["remaining"]!.GetValue<int>()).ShouldBe((total, 0, 0));
        var items = await first.Client.ItemsAsync(jobId);
        items.Count.ShouldBe(total);
        items.ShouldAllBe(i => i!["status"]!.GetValue<string>() == "succeeded");
        // What was running when the host died, wherever it ran, was finished by a live host.
        var succeeded = items.Select(i => (i!["feature_id"]!.GetValue<string>(), i["symbol"]!.GetValue<string>())).ToHashSet();
        inFlight.ShouldAllBe(i => succeeded.Contains(i));
        // The chunks the killed host died in, from Hangfire's state history: Processing there, then Processing on a live
        // host once their invisibility ran out, then Succeeded; every item of them recorded.
        Trace = output.WriteLine;
        var redone = await RedeliveredChunksAsync(store, doomedPid);
        redone.ShouldNotBeEmpty("the killed host died with chunks in flight, and another host took them over");
        redone.ShouldAllBe(r => r.FinalState == "Succeeded");
        (await ChunkItemStatusesAsync(store, jobId, [.. redone.Select(r => r.Chunk)])).ShouldAllBe(s => s == "succeeded");
        var waits = redone.Select(r => (r.RedeliveredAt - killedAt).TotalSeconds).ToList();
        output.WriteLine($"chunk(s) {string.Join(", ", redone.Select(r => r.Chunk))} of the killed host were redelivered to live hosts {waits.Min():F1}-{waits.Max():F1} s after the kill (invisibility timeout {InvisibilitySeconds} s)");

        // Exactly one dataset row per (feature, symbol), its object present with the bytes a single host writes.
        var single = await reference;
        single.Count.ShouldBe(total, "the single host's run has a dataset of its own for every (feature, symbol)");
        var rows = await DatasetRowsAsync(store, features);
        rows.Count.ShouldBe(total);
        rows.GroupBy(r => (r.FeatureId, r.Symbol)).Count().ShouldBe(total, "one row per (feature, symbol)");
        var objects = await store.FinalObjectSha256Async();
        foreach (var row in rows)
        {
            objects.TryGetValue(row.ObjectKey, out var sha).ShouldBeTrue($"the object of {row.ObjectKey}");
            sha.ShouldBe(row.ObjectSha256, row.ObjectKey);
            single.TryGetValue(row.VersionHash, out var singleSha).ShouldBeTrue($"a single host computes version {row.VersionHash} too");
            sha.ShouldBe(singleSha, $"{row.ObjectKey}: the bytes a single host writes");
        }
        // Nothing under a final key without its row (a killed upload on s3rver may leave one: it must have been replaced).
        objects.Keys.Except(rows.Select(r => r.ObjectKey)).ShouldBeEmpty();
        Phase($"{objects.Count} objects read back", phase);
        output.WriteLine($"CPU: live hosts {first.CpuTime.TotalSeconds:F1} s and {third.CpuTime.TotalSeconds:F1} s, this process (the single-host reference and the checks) {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F1} s");
    }

    private void Phase(string what, Stopwatch stopwatch)
    {
        output.WriteLine($"{what}: {stopwatch.Elapsed.TotalSeconds:F1} s");
        stopwatch.Restart();
    }

    /// <summary>
    /// Polls the job until <paramref name="done"/> items are done and the host of process <paramref name="pid"/>, stopped
    /// (SIGSTOP), is in the middle of a chunk (Hangfire has it <c>Processing</c> there and none of its items is recorded yet); returns the
    /// progress, the items running then and that host's unfinished chunks.
    /// </summary>
    private static async Task<(JsonNode Progress, List<(string Feature, string Symbol)> Running, List<int> Chunks)> WaitForKillPointAsync(
        ProcessLifecycleTests.ChildStore store, HttpClient client, string jobId, int done, int pid)
    {
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            var progress = (await client.GetJsonAsync($"/api/v1/jobs/{jobId}")).Body!;
            if (JobClient.FinishedStatuses.Contains(progress["status"]!.GetValue<string>())) throw new InvalidOperationException($"the job finished before the kill: {progress.ToJsonString()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"job {jobId} never reached the kill point: {progress.ToJsonString()}");
            if (progress["done"]!.GetValue<int>() >= done)
            {
                // Freeze the host before looking: a chunk seen unfinished could otherwise be recorded between the look and
                // the kill (a chunk here is a second's work), and then nothing would be left for another host to redo.
                Signal("STOP", pid);
                await Task.Delay(300); // a commit already on the wire lands before we read
                progress = (await client.GetJsonAsync($"/api/v1/jobs/{jobId}")).Body!;
                var running = (await client.ItemsAsync(jobId, "running")).Select(i => (i!["feature_id"]!.GetValue<string>(), i["symbol"]!.GetValue<string>())).ToList();
                var chunks = await UnfinishedChunksAsync(store, jobId, pid);
                if (chunks.Count > 0) return (progress, running, chunks); // stays stopped until the caller kills it
                Signal("CONT", pid);
            }
            await Task.Delay(100);
        }
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false })!;
        kill.WaitForExit();
        kill.ExitCode.ShouldBe(0, $"kill -{signal} {pid}");
    }

    /// <summary>Chunks that Hangfire has <c>Processing</c> on a server of process <paramref name="pid"/> and whose items are all still running.</summary>
    private static async Task<List<int>> UnfinishedChunksAsync(ProcessLifecycleTests.ChildStore store, string jobId, int pid)
    {
        var chunks = new List<int>();
        foreach (var chunk in await ChunksAsync(store, "SELECT j.id, j.arguments::text FROM hangfire.job j JOIN hangfire.state s ON s.id = j.stateid WHERE j.statename = 'Processing' AND s.data->>'ServerId' LIKE @pid", pid))
        {
            if ((await ChunkItemStatusesAsync(store, jobId, [chunk.Value])).All(s => s == "running")) chunks.Add(chunk.Value);
        }
        return chunks;
    }

    /// <summary>Hangfire jobs (chunks) a query selects by server process: Hangfire job id → our chunk number.</summary>
    private static async Task<Dictionary<long, int>> ChunksAsync(ProcessLifecycleTests.ChildStore store, string sql, int pid)
    {
        await using var connection = await OpenAsync(store);
        // Our server names are machine:pid:random (JobServer); Hangfire's server id starts with the name. A chunk's
        // arguments are JobChunkRunner.RunAsync's, serialised one JSON string each: (job id, chunk, context, token).
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("pid", $"%:{pid}:%");
        await using var reader = await command.ExecuteReaderAsync();
        var chunks = new Dictionary<long, int>();
        while (await reader.ReadAsync())
        {
            var chunk = JsonNode.Parse(reader.GetString(1))!.AsArray()[1]!.AsValue();
            chunks[Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture)] =
                chunk.TryGetValue<string>(out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : chunk.GetValue<int>();
        }
        return chunks;
    }

    private sealed record Redelivery(int Chunk, DateTime RedeliveredAt, string FinalState);

    /// <summary>
    /// The chunks the host of process <paramref name="pid"/> died in, from Hangfire's state history: its last state there
    /// is <c>Processing</c> on that host, and the next one <c>Processing</c> on another (no <c>Succeeded</c> in between).
    /// </summary>
    /// <summary>Where <see cref="RedeliveredChunksAsync"/> writes the state history it read (the test's output).</summary>
    private static Action<string>? Trace;

    private static async Task<List<Redelivery>> RedeliveredChunksAsync(ProcessLifecycleTests.ChildStore store, int pid)
    {
        var chunks = await ChunksAsync(store, "SELECT j.id, j.arguments::text FROM hangfire.job j WHERE EXISTS (SELECT 1 FROM hangfire.state s WHERE s.jobid = j.id AND s.name = 'Processing' AND s.data->>'ServerId' LIKE @pid)", pid);
        await using var connection = await OpenAsync(store);
        await using var command = new NpgsqlCommand("SELECT s.jobid, s.name, COALESCE(s.data->>'ServerId', ''), s.createdat, j.statename FROM hangfire.state s JOIN hangfire.job j ON j.id = s.jobid WHERE s.jobid = ANY(@jobs) ORDER BY s.jobid, s.id", connection);
        command.Parameters.AddWithValue("jobs", chunks.Keys.ToArray());
        var history = new List<(long Job, string State, string Server, DateTime At, string Final)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                history.Add((Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2),
                    DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc), reader.IsDBNull(4) ? "" : reader.GetString(4)));
            }
        }
        foreach (var h in history) Trace?.Invoke($"chunk {chunks[h.Job]} (hangfire job {h.Job}): {h.State} on '{h.Server}' at {h.At:HH:mm:ss.fff}, now {h.Final}");
        var onDoomed = $":{pid}:";
        var result = new List<Redelivery>();
        foreach (var states in history.GroupBy(h => h.Job).Select(g => g.ToList()))
        {
            var last = states.FindLastIndex(s => s.State == "Processing" && s.Server.Contains(onDoomed, StringComparison.Ordinal));
            if (last + 1 < states.Count && states[last + 1] is { State: "Processing" } next)
            {
                result.Add(new Redelivery(chunks[next.Job], next.At, next.Final));
            }
        }
        return result;
    }

    private static async Task<List<string>> ChunkItemStatusesAsync(ProcessLifecycleTests.ChildStore store, string jobId, IReadOnlyCollection<int> chunks)
    {
        await using var connection = await OpenAsync(store);
        await using var command = new NpgsqlCommand("SELECT status FROM job_items WHERE job_id = @job AND chunk = ANY(@chunks)", connection);
        command.Parameters.AddWithValue("job", Guid.Parse(jobId));
        command.Parameters.AddWithValue("chunks", chunks.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var statuses = new List<string>();
        while (await reader.ReadAsync()) statuses.Add(reader.GetString(0));
        statuses.Count.ShouldBe(Features.Length * chunks.Count, "every item of the chunks (one symbol each)");
        return statuses;
    }

    private sealed record DatasetRow(Guid FeatureId, string Symbol, string VersionHash, string ObjectKey, string ObjectSha256);

    private static async Task<List<DatasetRow>> DatasetRowsAsync(ProcessLifecycleTests.ChildStore store, IReadOnlyList<string> features)
    {
        await using var connection = await OpenAsync(store);
        await using var command = new NpgsqlCommand("SELECT feature_id, symbol, version_hash, object_key, object_sha256 FROM feature_datasets WHERE feature_id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("ids", features.Select(Guid.Parse).ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<DatasetRow>();
        while (await reader.ReadAsync()) rows.Add(new DatasetRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        return rows;
    }

    private static async Task<NpgsqlConnection> OpenAsync(ProcessLifecycleTests.ChildStore store)
    {
        var connection = new NpgsqlConnection(store.Environment["Features__Database__ConnectionString"]);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The same job on one in-process host of the embedded default: version hash → SHA-256 of its object.</summary>
    private static async Task<Dictionary<string, string>> SingleHostHashesAsync(byte[] bars, IReadOnlyList<string> symbols)
    {
        using var app = FeaturesApp.Start(Backends.Embedded);
        var client = app.CreateClient();
        foreach (var symbol in symbols) await client.IngestAsync(symbol, "1d", bars);
        var features = new List<string>();
        foreach (var (key, parameters) in Features) features.Add((await client.CreateFeatureAsync(key, parameters)).Id());
        var job = await client.SubmitJobAsync(new { feature_ids = features, symbols = new { prefix = "MH" }, timeframe = "1d", start_date = Start, end_date = End });
        (await client.WaitForJobAsync(job.Id(), seconds: 900))["status"]!.GetValue<string>().ShouldBe("succeeded");
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>().CreateDbContextAsync();
        var ids = features.Select(Guid.Parse).ToList();
        return await db.Datasets.Where(d => ids.Contains(d.FeatureId)).ToDictionaryAsync(d => d.VersionHash, d => d.ObjectSha256);
    }
}
