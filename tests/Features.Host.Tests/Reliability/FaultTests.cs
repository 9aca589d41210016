using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Features.Host.Storage;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Reliability;

/// <summary>Stops servers other tests use, so it runs alone, after the parallel collections.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "Faults (servers stopped and restarted)";
}

/// <summary>
/// Object store and database outages on PostgreSQL + s3rver (the servers scripts/test.sh started, stopped and
/// restarted here), and a corrupted stored object on both backends.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class FaultTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();
    public static TheoryData<string> RealOnly => Infrastructure.Backends.RealOnly();

    private static Features.PluginSdk.Bar[] Default => ReferenceData.Quotes("default.csv");

    private static bool Skip(string backend) => backend.EndsWith(":skip", StringComparison.Ordinal);

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } v ? v : throw new InvalidOperationException($"{variable} is not set: run the tests with scripts/test.sh");

    internal static int S3Port => new Uri(Required("FEATURES_TEST_S3_URL")).Port;

    internal static bool PortOpen(int port)
    {
        try
        {
            using var socket = new TcpClient();
            socket.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    internal static async Task WaitAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting until {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>The s3rver process listening on the test port, found through /proc by its command line.</summary>
    internal static void StopS3()
    {
        var port = S3Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (cmdline.Contains("s3rver", StringComparison.Ordinal) && cmdline.Contains($"-p {port} ", StringComparison.Ordinal)) Process.GetProcessById(pid).Kill();
        }
    }

    internal static async Task StartS3Async()
    {
        if (PortOpen(S3Port)) return;
        var start = new ProcessStartInfo("bash", ["-c", $"exec {Required("FEATURES_TEST_S3_START")} >/dev/null 2>&1"]) { UseShellExecute = false };
        using var process = Process.Start(start)!;
        // scripts/test.sh kills the pid in this file on exit, so a restarted server never outlives the run.
        await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(Required("FEATURES_TEST_S3_DIR"))!, "s3.pid"), process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await WaitAsync(() => PortOpen(S3Port), "s3rver accepts connections again");
    }

    internal static async Task PgCtlAsync(string action)
    {
        var info = new ProcessStartInfo("bash", ["-c", $"{Required("FEATURES_TEST_PG_CTL")} {action}"]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !output.Contains("not running", StringComparison.OrdinalIgnoreCase) && !output.Contains("another server", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"pg_ctl {action} failed ({process.ExitCode}): {output}");
        }
    }

    [Theory, MemberData(nameof(RealOnly))]
    public async Task Object_store_down_during_generate_is_503_with_no_dataset_row_and_the_same_request_succeeds_after_restart(string backend)
    {
        if (Skip(backend)) return;
        using var app = FeaturesApp.Start(backend);
        var client = app.CreateClient();
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(Default.Take(200)));
        var id = (await client.CreateFeatureAsync("technical.rsi"))["id"]!.GetValue<string>();
        var body = new { symbol, start_date = "2017-03-01", end_date = "2017-09-01" };
        try
        {
            StopS3();
            await WaitAsync(() => !PortOpen(S3Port), "s3rver is down");
            var (status, problem) = await client.PostJsonAsync($"/api/v1/features/{id}/generate", body);
            status.ShouldBe(HttpStatusCode.ServiceUnavailable, problem?.ToJsonString());
            problem!["detail"]!.GetValue<string>().ShouldContain("object store");
            await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>().CreateDbContextAsync())
            {
                (await db.Datasets.CountAsync(d => d.FeatureId == Guid.Parse(id))).ShouldBe(0, "no dataset row without its object");
            }
            var (healthStatus, health) = await client.GetJsonAsync("/health");
            healthStatus.ShouldBe(HttpStatusCode.ServiceUnavailable);
            health!["object_store"]!["status"]!.GetValue<string>().ShouldBe("down");
            health["database"]!["status"]!.GetValue<string>().ShouldBe("up");
        }
        finally
        {
            await StartS3Async();
        }
        var result = await client.GenerateAsync(id, symbol, "2017-03-01", "2017-09-01");
        result["cached"]!.GetValue<bool>().ShouldBeFalse();
        (await client.DownloadAsync(id, result["version_hash"]!.GetValue<string>(), "parquet")).Length.ShouldBe((int)result["size_bytes"]!.GetValue<long>());
    }

    [Theory, MemberData(nameof(RealOnly))]
    public async Task Database_down_is_503_on_every_endpoint_that_needs_it_and_recovers_without_a_host_restart(string backend)
    {
        if (Skip(backend)) return;
        using var app = FeaturesApp.Start(backend);
        var client = app.CreateClient();
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(Default.Take(100)));
        var id = (await client.CreateFeatureAsync("technical.sma"))["id"]!.GetValue<string>();
        var generate = new { symbol, start_date = "2017-02-01", end_date = "2017-04-01" };
        // With auth on, the key itself is looked up in the database: an outage is a 503 there too, not a 401.
        using var secured = FeaturesApp.Start(backend, new Dictionary<string, string?> { ["Features:Auth:Enabled"] = "true" });
        var (_, secret) = await secured.Services.GetRequiredService<Features.Host.Security.ApiKeyStore>().CreateAsync("outage", "reader", CancellationToken.None);
        var keyed = secured.CreateClient();
        keyed.DefaultRequestHeaders.Add("X-Api-Key", secret);
        try
        {
            await PgCtlAsync("-m fast stop");
            var calls = new (string What, Func<Task<(HttpStatusCode, System.Text.Json.Nodes.JsonNode?)>> Call)[]
            {
                ("list", () => client.GetJsonAsync("/api/v1/features")),
                ("get", () => client.GetJsonAsync($"/api/v1/features/{id}")),
                ("create", () => client.PostJsonAsync("/api/v1/features", new { name = "x", plugin_key = "technical.sma" })),
                ("update", () => client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/features/{id}", new { description = "y" })),
                ("delete", () => client.SendJsonAsync(HttpMethod.Delete, $"/api/v1/features/{id}")),
                ("generate", () => client.PostJsonAsync($"/api/v1/features/{id}/generate", generate)),
                ("versions", () => client.GetJsonAsync($"/api/v1/features/{id}/versions")),
                ("market-data", () => client.GetJsonAsync("/api/v1/market-data")),
                ("ingest", () => client.IngestRawAsync(symbol, "1d", Csv.From(Default.Take(3)))),
                ("list with an API key", () => keyed.GetJsonAsync("/api/v1/features")),
            };
            var wrong = new List<string>();
            foreach (var (what, call) in calls)
            {
                var (status, problem) = await call();
                if (status != HttpStatusCode.ServiceUnavailable || problem?["status"]?.GetValue<int>() != 503) wrong.Add($"{what}: {(int)status} {problem?.ToJsonString()}");
            }
            wrong.ShouldBeEmpty();
            var (pluginsStatus, _) = await client.GetJsonAsync("/api/v1/features/plugins/available");
            pluginsStatus.ShouldBe(HttpStatusCode.OK, "the plugin list needs no database");
            var (healthStatus, health) = await client.GetJsonAsync("/health");
            healthStatus.ShouldBe(HttpStatusCode.ServiceUnavailable);
            health!["database"]!["status"]!.GetValue<string>().ShouldBe("down");
            health["object_store"]!["status"]!.GetValue<string>().ShouldBe("up");
            var text = health.ToJsonString();
            text.ShouldNotContain("Password", Case.Insensitive);
            text.ShouldNotContain("Host=", Case.Insensitive);
            text.ShouldNotContain("S3RVER");
        }
        finally
        {
            await PgCtlAsync("start");
            // Only the test's own admin pool (it creates databases for later hosts); the host under test must recover by itself.
            Npgsql.NpgsqlConnection.ClearPool(new Npgsql.NpgsqlConnection(Infrastructure.Backends.PostgresConnection));
        }
        // Pooled connections broken by the restart are dropped on first use; a few retries at most.
        HttpStatusCode listStatus = default;
        for (var attempt = 0; attempt < 20 && listStatus != HttpStatusCode.OK; attempt++)
        {
            (listStatus, _) = await client.GetJsonAsync("/api/v1/features");
            if (listStatus != HttpStatusCode.OK) await Task.Delay(250);
        }
        listStatus.ShouldBe(HttpStatusCode.OK);
        (await client.GetJsonAsync("/health")).Status.ShouldBe(HttpStatusCode.OK);
        var result = await client.GenerateAsync(id, symbol, "2017-02-01", "2017-04-01");
        result["row_count"]!.GetValue<long>().ShouldBeGreaterThan(0);
    }

    /// <summary>The file behind an object key: s3rver keeps '&lt;dir&gt;/&lt;bucket&gt;/&lt;key&gt;._S3rver_object', the local store '&lt;home&gt;/objects/&lt;key&gt;'.</summary>
    private static string ObjectFile(FeaturesApp app, string objectKey) =>
        app.Backend == Infrastructure.Backends.Real
            ? Path.Combine(Required("FEATURES_TEST_S3_DIR"), app.Bucket!, objectKey + "._S3rver_object")
            : Path.Combine(app.Home, "objects", objectKey);

    [Theory, MemberData(nameof(Backends))]
    public async Task A_corrupted_object_is_reported_on_download_repaired_by_cached_generate_and_by_regenerate(string backend)
    {
        using var app = FeaturesApp.Start(backend);
        var client = app.CreateClient();
        var symbol = ApiClient.NewSymbol();
        await client.IngestAsync(symbol, "1d", Csv.From(Default.Take(300)));
        var id = (await client.CreateFeatureAsync("technical.ema"))["id"]!.GetValue<string>();
        var first = await client.GenerateAsync(id, symbol, "2017-02-01", "2017-12-01");
        var hash = first["version_hash"]!.GetValue<string>();
        string objectKey;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>().CreateDbContextAsync())
        {
            objectKey = (await db.Datasets.SingleAsync(d => d.FeatureId == Guid.Parse(id))).ObjectKey;
        }
        var file = ObjectFile(app, objectKey);
        File.Exists(file).ShouldBeTrue(file);
        var good = await File.ReadAllBytesAsync(file);

        // 1. Same size, one byte flipped: the download's SHA-256 check reports it; regenerate repairs it.
        var flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(file, flipped);
        using (var response = await client.GetAsync($"/api/v1/features/{id}/datasets/{hash}/data"))
        {
            ((int)response.StatusCode).ShouldBeGreaterThanOrEqualTo(500);
            var detail = await response.Content.ReadAsStringAsync();
            detail.ShouldContain("checksum");
            detail.ShouldContain("regenerate");
        }
        var repaired = await client.GenerateAsync(id, symbol, "2017-02-01", "2017-12-01", action: "regenerate");
        repaired["version_hash"]!.GetValue<string>().ShouldBe(hash);
        repaired["dataset_id"]!.GetValue<string>().ShouldBe(first["dataset_id"]!.GetValue<string>());
        (await client.DownloadAsync(id, hash, "parquet")).ShouldBe(good);

        // 2. Truncated: a cached generate sees the size differ from the one recorded (a HEAD), recomputes and says so.
        await File.WriteAllBytesAsync(file, good[..(good.Length / 3)]);
        var healed = await client.GenerateAsync(id, symbol, "2017-02-01", "2017-12-01");
        healed["cached"]!.GetValue<bool>().ShouldBeFalse();
        healed["notes"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldContain(n => n.Contains("recomputed"));
        (await client.DownloadAsync(id, hash, "parquet")).ShouldBe(good);

        // 3. Deleted: the same.
        File.Delete(file);
        var restored = await client.GenerateAsync(id, symbol, "2017-02-01", "2017-12-01");
        restored["notes"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldContain(n => n.Contains("missing"));
        (await client.DownloadAsync(id, hash, "parquet")).ShouldBe(good);

        var again = await client.GenerateAsync(id, symbol, "2017-02-01", "2017-12-01");
        again["cached"]!.GetValue<bool>().ShouldBeTrue("intact again, so served from cache");
    }
}
