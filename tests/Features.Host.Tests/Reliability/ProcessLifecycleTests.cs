using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;
using Features.PluginSdk;

namespace Features.Host.Tests.Reliability;

/// <summary>
/// The real host as a child process, stopped the two ways production stops it: SIGTERM (a deploy) and
/// SIGKILL (a crash). Embedded default, so the objects on disk can be inspected directly.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class ProcessLifecycleTests
{
    private const int Bars = 200_000;

    [Fact]
    public async Task Sigterm_lets_a_generate_in_flight_complete_refuses_new_connections_and_exits_within_the_grace_period()
    {
        var home = NewHome();
        using var host = await HostProcess.StartAsync(home);
        var symbol = await host.IngestAsync();
        var id = (await host.Client.CreateFeatureAsync("statistical.approximate_entropy"))["id"]!.GetValue<string>();

        using var slowClient = new HttpClient { BaseAddress = host.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        // About 95,000 bars of approximate entropy: seconds of work, well inside the 20 s grace period.
        var generate = slowClient.PostJsonAsync($"/api/v1/features/{id}/generate", new { symbol, timeframe = "1m", start_date = "2020-03-15", end_date = "2030-01-01" });
        await Task.Delay(800);
        generate.IsCompleted.ShouldBeFalse("the generate must still be running when SIGTERM arrives");

        host.Signal("TERM");
        var stopwatch = Stopwatch.StartNew();
        await Task.Delay(500);
        using (var fresh = new HttpClient { BaseAddress = host.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(5) })
        {
            await Should.ThrowAsync<HttpRequestException>(() => fresh.GetAsync("/health"));
        }

        var (status, body) = await generate;
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        body!["row_count"]!.GetValue<long>().ShouldBeGreaterThan(90_000);
        (await host.WaitForExitAsync(TimeSpan.FromSeconds(25))).ShouldBeTrue("the host exits within its grace period");
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(25));

        // What the interrupted-by-deploy request stored is complete and recorded.
        using var after = await HostProcess.StartAsync(home);
        var (_, versions) = await after.Client.GetJsonAsync($"/api/v1/features/{id}/versions");
        versions!.AsArray().Count.ShouldBe(1);
        var bytes = await after.Client.DownloadAsync(id, versions[0]!["version_hash"]!.GetValue<string>(), "parquet");
        bytes.Length.ShouldBeGreaterThan(8);
    }

    [Fact]
    public async Task Sigkill_mid_generate_leaves_no_row_without_its_object_and_no_partial_object_under_a_final_key()
    {
        var home = NewHome();
        var ids = new List<string>();
        string symbol;
        using (var host = await HostProcess.StartAsync(home))
        {
            symbol = await host.IngestAsync();
            foreach (var (key, parameters) in new (string, object)[]
                     {
                         ("technical.rsi", new { }), ("technical.sma", new { period = 50 }), ("technical.bb", new { }),
                         ("statistical.approximate_entropy", new { }), ("statistical.zscore", new { window = 30 }),
                     })
            {
                ids.Add((await host.Client.CreateFeatureAsync(key, parameters))["id"]!.GetValue<string>());
            }
            using var slowClient = new HttpClient { BaseAddress = host.Client.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
            var inFlight = ids.SelectMany(id => new[] { "2020-01-01", "2020-02-01", "2020-03-01" }.Select(start =>
                slowClient.PostJsonAsync($"/api/v1/features/{id}/generate", new { symbol, timeframe = "1m", start_date = start, end_date = "2030-01-01" }))).ToList();
            await Task.Delay(2500);
            inFlight.Count(t => !t.IsCompleted).ShouldBeGreaterThan(0, "some generates must be cut off by the kill");
            host.Kill();
            foreach (var t in inFlight)
            {
                try { await t; } catch (HttpRequestException) { } catch (TaskCanceledException) { }
            }
        }

        using var restarted = await HostProcess.StartAsync(home);
        var recorded = 0;
        foreach (var id in ids)
        {
            var (_, versions) = await restarted.Client.GetJsonAsync($"/api/v1/features/{id}/versions");
            foreach (var version in versions!.AsArray())
            {
                recorded++;
                // Download verifies the SHA-256 recorded at write: the row's object exists and is whole.
                var bytes = await restarted.Client.DownloadAsync(id, version!["version_hash"]!.GetValue<string>(), "parquet");
                Encoding.ASCII.GetString(bytes[^4..]).ShouldBe("PAR1");
            }
        }
        recorded.ShouldBeGreaterThan(0, "the generates that finished before the kill are recorded");

        var objects = Path.Combine(home, "objects");
        foreach (var file in Directory.EnumerateFiles(objects, "*.parquet", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(objects, file);
            if (relative.StartsWith("_tmp", StringComparison.Ordinal)) continue; // documented: swept at start once an hour old
            var bytes = await File.ReadAllBytesAsync(file);
            Encoding.ASCII.GetString(bytes[..4]).ShouldBe("PAR1", relative);
            Encoding.ASCII.GetString(bytes[^4..]).ShouldBe("PAR1", relative);
        }

        // The host keeps working on the same home: every feature can be generated to completion now.
        foreach (var id in ids)
        {
            var result = await restarted.Client.GenerateAsync(id, symbol, "2020-01-01", "2030-01-01", "1m");
            result["row_count"]!.GetValue<long>().ShouldBe(Bars);
        }
    }

    private static string NewHome()
    {
        var home = Path.Combine(Path.GetTempPath(), "features-tests", "process-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        return home;
    }

    /// <summary>The built host binary run with <c>dotnet</c> on a free loopback port.</summary>
    private sealed class HostProcess : IDisposable
    {
        private readonly Process _process;

        private HostProcess(Process process, HttpClient client)
        {
            _process = process;
            Client = client;
        }

        public HttpClient Client { get; }

        public static async Task<HostProcess> StartAsync(string home)
        {
            var port = FreePort();
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var dll = Path.Combine(ReferenceData.RepoRoot, "src", "Features.Host", "bin", configuration, "net10.0", "Features.Host.dll");
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(dll);
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add($"http://127.0.0.1:{port}");
            info.Environment["Features__Home"] = home;
            info.Environment["Features__PluginsFile"] = Path.Combine(ReferenceData.RepoRoot, "plugins.json");
            info.Environment["Features__SampleData__SeedOnStart"] = "false";
            info.Environment["Features__ShutdownTimeoutSeconds"] = "20";
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            info.Environment.Remove("ASPNETCORE_URLS");
            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            var host = new HostProcess(process, client);
            for (var i = 0; i < 300; i++)
            {
                try
                {
                    using var response = await client.GetAsync("/health");
                    if (response.StatusCode == HttpStatusCode.OK) return host;
                }
                catch (HttpRequestException)
                {
                }
                if (process.HasExited) throw new InvalidOperationException($"the host exited with {process.ExitCode} while starting");
                await Task.Delay(200);
            }
            host.Dispose();
            throw new TimeoutException("the host did not become healthy within 60 s");
        }

        public async Task<string> IngestAsync()
        {
            var symbol = ApiClient.NewSymbol();
            var random = new Random(42);
            var bars = new Bar[Bars];
            var price = 100.0;
            var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < Bars; i++)
            {
                var open = price;
                price = Math.Round(price * (1 + (random.NextDouble() - 0.5) * 0.002), 4);
                var ts = (start.AddMinutes(i).Ticks - DateTime.UnixEpoch.Ticks) / 10;
                bars[i] = new Bar(ts, open, Math.Max(open, price) + 0.01, Math.Min(open, price) - 0.01, price, 1000 + i % 100);
            }
            await Client.IngestAsync(symbol, "1m", Csv.From(bars));
            return symbol;
        }

        public void Signal(string signal)
        {
            using var kill = Process.Start("kill", $"-{signal} {_process.Id}")!;
            kill.WaitForExit();
        }

        public void Kill() => _process.Kill(entireProcessTree: true);

        public async Task<bool> WaitForExitAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(cts.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.Dispose();
            Client.Dispose();
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
