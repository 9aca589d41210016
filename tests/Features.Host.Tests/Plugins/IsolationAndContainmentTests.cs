using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Features.Host.Storage.Objects;
using Features.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Features.Host.Tests.Plugins.PluginTestData;

namespace Features.Host.Tests.Plugins;

/// <summary>Plugins built during the run, loaded through the real registry of a running host.</summary>
public sealed class IsolationAndContainmentTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    [Fact]
    public async Task Two_plugins_carrying_conflicting_Newtonsoft_versions_each_run_with_their_own_and_share_the_host_sdk()
    {
        await using var host = PluginSandbox.Start(Infrastructure.Backends.Embedded, null, null,
            await TestPlugins.FolderAsync(TestPlugins.JsonNew), await TestPlugins.FolderAsync(TestPlugins.JsonOld), await TestPlugins.FolderAsync(TestPlugins.ProbeV1));
        var available = await host.AvailableAsync();
        PluginSandbox.Find(available, "test.json_new")!["description"]!.GetValue<string>().ShouldContain("\"13.0.0.0\"");
        PluginSandbox.Find(available, "test.json_old")!["description"]!.GetValue<string>().ShouldContain("\"12.0.0.0\"");
        // The host itself ships Newtonsoft.Json 13: the old one must not be handed the host's copy.
        typeof(Newtonsoft.Json.JsonConvert).Assembly.GetName().Version!.Major.ShouldBe(13);

        var symbol = await IngestAsync(host.Client);
        foreach (var (key, major) in new[] { ("test.json_new", 13.0), ("test.json_old", 12.0) })
        {
            var result = await host.Client.GenerateAsync(Id(await host.Client.CreateFeatureAsync(key)), symbol, "2018-01-01", "2018-02-01");
            result["preview"]!.AsArray().Select(r => r!["json_major"]!.GetValue<double>()).ShouldAllBe(v => v == major);
        }

        // SDK and Arrow types agree: the host cast the probe's plugin and batches, and the probe saw the host's assemblies.
        var probe = await host.Client.GenerateAsync(Id(await host.Client.CreateFeatureAsync("test.probe")), symbol, "2018-01-01", "2018-02-01");
        var rows = probe["preview"]!.AsArray();
        rows.Count.ShouldBe(10);
        foreach (var row in rows)
        {
            row!["shared_sdk"]!.GetValue<double>().ShouldBe(1.0);
            row["probe"]!.GetValue<double>().ShouldBe(CloseAt(row));
        }
    }

    [Fact]
    public async Task Plugins_that_cannot_load_are_reported_with_folder_and_reason_and_the_others_keep_working()
    {
        var staging = Path.Combine(Path.GetTempPath(), "features-broken-" + Guid.NewGuid().ToString("N")[..8]);
        // A corrupt image, and a plugin whose private dependency is missing from its folder.
        var corrupt = Path.Combine(staging, "Corrupt");
        Directory.CreateDirectory(corrupt);
        File.WriteAllBytes(Path.Combine(corrupt, "Corrupt.dll"), RandomNumberGenerator.GetBytes(4096));
        var missing = Path.Combine(staging, "NeedsHelper");
        PluginSandbox.CopyFolder(await TestPlugins.FolderAsync(TestPlugins.NeedsHelper), missing);
        File.Delete(Path.Combine(missing, "Features.TestHelper.dll"));

        await using var host = PluginSandbox.Start(Infrastructure.Backends.Embedded, null, null,
            corrupt, missing,
            await TestPlugins.FolderAsync(TestPlugins.ProbeV1),      // Probe: test.probe
            await TestPlugins.FolderAsync(TestPlugins.ProbeTwin),    // ProbeTwin: test.probe again
            await TestPlugins.FolderAsync(TestPlugins.BadDescriptor),
            await TestPlugins.FolderAsync(TestPlugins.JsonOld));

        var status = await host.StatusAsync();
        var failed = status["failed"]!.AsArray().ToDictionary(f => Path.GetFileName(f!["folder"]!.GetValue<string>()), f => f!["reason"]!.GetValue<string>());
        failed.Keys.Order().ShouldBe(["BadDescriptor", "Corrupt", "NeedsHelper", "ProbeTwin"]);
        failed["Corrupt"].ShouldContain("BadImageFormatException");
        failed["NeedsHelper"].ShouldContain("FileNotFoundException: Could not load file or assembly 'Features.TestHelper");
        failed["ProbeTwin"].ShouldContain("'test.probe' is already provided by");
        failed["ProbeTwin"].ShouldContain(Path.Combine(host.Root, "Probe"));
        failed["BadDescriptor"].ShouldContain("invalid descriptor: key 'Not A Key'");
        foreach (var f in status["failed"]!.AsArray()) f!["folder"]!.GetValue<string>().ShouldStartWith(host.Root);

        (await host.AvailableAsync()).Select(p => p!["key"]!.GetValue<string>()).ShouldBe(["test.json_old", "test.probe"]);
        var symbol = await IngestAsync(host.Client);
        var result = await host.Client.GenerateAsync(Id(await host.Client.CreateFeatureAsync("test.probe")), symbol, "2018-01-01", "2018-02-01");
        result["plugin_version"]!.GetValue<string>().ShouldStartWith("1.0.0+");
        Directory.Delete(staging, true);
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_plugin_that_throws_is_a_problem_naming_it_and_its_message_and_nothing_is_stored(string backend)
    {
        await using var host = PluginSandbox.Start(backend, null, null, await TestPlugins.FolderAsync(TestPlugins.ProbeV1));
        var symbol = await IngestAsync(host.Client);
        var throwing = Id(await host.Client.CreateFeatureAsync("test.probe", new { mode = "throw" }));

        var (status, problem) = await host.Client.PostJsonAsync($"/api/v1/features/{throwing}/generate",
            new { symbol, timeframe = "1d", start_date = "2018-01-01", end_date = "2018-02-01" });
        status.ShouldBe(HttpStatusCode.InternalServerError, problem?.ToJsonString());
        problem!["title"]!.GetValue<string>().ShouldBe("Plugin failed");
        problem["detail"]!.GetValue<string>().ShouldContain("plugin 'test.probe'");
        problem["detail"]!.GetValue<string>().ShouldContain("probe was told to throw");
        await ShouldHaveStoredNothingAsync(host, throwing, symbol);

        // The host serves the next request.
        var ok = await host.Client.GenerateAsync(Id(await host.Client.CreateFeatureAsync("test.probe")), symbol, "2018-01-01", "2018-02-01");
        ok["row_count"]!.GetValue<long>().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_plugin_past_its_time_budget_is_cancelled_with_a_problem_and_the_host_serves_the_next_request()
    {
        await using var host = PluginSandbox.Start(Infrastructure.Backends.Embedded, null,
            new Dictionary<string, string?> { ["Features:Plugins:ComputeTimeoutSeconds"] = "1" },
            await TestPlugins.FolderAsync(TestPlugins.ProbeV1));
        var symbol = await IngestAsync(host.Client);
        var hanging = Id(await host.Client.CreateFeatureAsync("test.probe", new { mode = "hang", hang_ms = 8000 }));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (status, problem) = await host.Client.PostJsonAsync($"/api/v1/features/{hanging}/generate",
            new { symbol, timeframe = "1d", start_date = "2018-01-01", end_date = "2018-02-01" });
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(6));
        status.ShouldBe(HttpStatusCode.InternalServerError, problem?.ToJsonString());
        problem!["title"]!.GetValue<string>().ShouldBe("Plugin timed out");
        problem["detail"]!.GetValue<string>().ShouldContain("plugin 'test.probe' ran past its time budget of 1 s");
        await ShouldHaveStoredNothingAsync(host, hanging, symbol);

        var ok = await host.Client.GenerateAsync(Id(await host.Client.CreateFeatureAsync("test.probe")), symbol, "2018-01-01", "2018-02-01");
        ok["row_count"]!.GetValue<long>().ShouldBeGreaterThan(0);
    }

    private static async Task ShouldHaveStoredNothingAsync(PluginSandbox host, string featureId, string symbol)
    {
        var (_, versions) = await host.Client.GetJsonAsync($"/api/v1/features/{featureId}/versions?symbol={symbol}&timeframe=1d");
        versions!.AsArray().ShouldBeEmpty();
        var objects = host.App.Services.GetRequiredService<IObjectStore>();
        var stored = new List<string>();
        await foreach (var o in objects.ListAsync("", CancellationToken.None)) stored.Add(o.Key);
        stored.ShouldBeEmpty();
    }
}
