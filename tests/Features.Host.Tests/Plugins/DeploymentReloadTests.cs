using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Features.Host.Plugins;
using Features.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Features.Host.Tests.Plugins.PluginTestData;
using static Features.Host.Tests.Infrastructure.PluginSandbox;

namespace Features.Host.Tests.Plugins;

/// <summary>
/// Plugin folders deployed the ways operators deploy them (an atomic swap, <c>cp -r</c>, rsync's temp files, a delete),
/// under a running host with the default hot reload (watcher plus a rescan every second). Each change must show in the
/// API; the wait fails after a generous limit and the measured delay is printed.
/// </summary>
public sealed class DeploymentReloadTests(ITestOutputHelper output)
{
    private static PluginFolderWatcher WatcherOf(PluginSandbox host) => host.App.Services.GetRequiredService<PluginRegistry>().Watcher!;

    /// <summary>Rescan timer off: only the watcher, and rescans the test asks for, see changes.</summary>
    private static readonly Dictionary<string, string?> WatcherOnly = new() { ["Features:Plugins:RescanSeconds"] = "0" };

    private async Task<TimeSpan> Reflected(PluginSandbox host, Func<JsonArray, bool> condition, string what)
    {
        var delay = await host.WaitForAsync(condition, what, TimeSpan.FromSeconds(15));
        output.WriteLine($"{what}: {delay.TotalMilliseconds:0} ms");
        return delay;
    }

    [Fact]
    public async Task A_quick_swap_of_the_plugin_folder_shows_the_new_version()
    {
        await using var host = PluginSandbox.Start(Backends.Embedded, null, null, await TestPlugins.FolderAsync(TestPlugins.ProbeV1));
        DeclaredVersion(await host.AvailableAsync(), "test.probe").ShouldBe("1.0.0");

        host.Swap(await TestPlugins.FolderAsync(TestPlugins.ProbeV2));
        await Reflected(host, a => DeclaredVersion(a, "test.probe") == "2.0.0", "swap v1 -> v2");

        var loaded = (await host.StatusAsync())["loaded"]!.AsArray().Single()!;
        loaded["folder"]!.GetValue<string>().ShouldBe(Path.Combine(host.Root, "Probe"));
        loaded["version"]!.GetValue<string>().ShouldBe("2.0.0+" + Sha256Hex(Path.Combine(host.Root, "Probe", "Probe.dll"))[..16]);
    }

    [Fact]
    public async Task A_swap_during_a_running_generate_lets_it_finish_on_the_old_version_and_the_next_one_uses_the_new()
    {
        await using var host = PluginSandbox.Start(Backends.Embedded, null, null, await TestPlugins.FolderAsync(TestPlugins.ProbeV1));
        var symbol = await IngestAsync(host.Client);
        var feature = Id(await host.Client.CreateFeatureAsync("test.probe", new { mode = "hang", hang_ms = 2500 }));

        var running = host.Client.GenerateAsync(feature, symbol, "2018-01-01", "2018-02-01");
        await Task.Delay(1000); // the request has resolved v1 and sits in its kernel
        host.Swap(await TestPlugins.FolderAsync(TestPlugins.ProbeV2));
        await Reflected(host, a => DeclaredVersion(a, "test.probe") == "2.0.0", "swap during a generate");

        var first = await running;
        first["plugin_version"]!.GetValue<string>().ShouldStartWith("1.0.0+");
        foreach (var row in first["preview"]!.AsArray()) row!["probe"]!.GetValue<double>().ShouldBe(CloseAt(row));

        var second = await host.Client.GenerateAsync(feature, symbol, "2018-01-01", "2018-02-01");
        second["cached"]!.GetValue<bool>().ShouldBeFalse();
        second["plugin_version"]!.GetValue<string>().ShouldStartWith("2.0.0+");
        foreach (var row in second["preview"]!.AsArray()) row!["probe"]!.GetValue<double>().ShouldBe(2 * CloseAt(row));
    }

    [Fact]
    public async Task A_deleted_plugin_folder_is_gone_from_the_catalog()
    {
        await using var host = PluginSandbox.Start(Backends.Embedded, null, null, await TestPlugins.FolderAsync(TestPlugins.ProbeV1));
        PluginSandbox.Find(await host.AvailableAsync(), "test.probe").ShouldNotBeNull();

        Directory.Delete(Path.Combine(host.Root, "Probe"), recursive: true);
        await Reflected(host, a => PluginSandbox.Find(a, "test.probe") is null, "delete");
        (await host.StatusAsync())["loaded"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_folder_copied_in_with_cp_r_is_loaded()
    {
        await using var host = PluginSandbox.Start();
        (await host.AvailableAsync()).ShouldBeEmpty();

        Run("cp", "-r", await TestPlugins.FolderAsync(TestPlugins.ProbeV1), Path.Combine(host.Root, "Probe"));
        await Reflected(host, a => DeclaredVersion(a, "test.probe") == "1.0.0", "cp -r");
        (await host.StatusAsync())["failed"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Files_written_under_temporary_names_then_renamed_as_rsync_does_load_the_new_version()
    {
        await using var host = PluginSandbox.Start(Backends.Embedded, null, null, await TestPlugins.FolderAsync(TestPlugins.ProbeV1));
        var folder = Path.Combine(host.Root, "Probe");

        foreach (var file in Directory.GetFiles(await TestPlugins.FolderAsync(TestPlugins.ProbeV2)))
        {
            var name = Path.GetFileName(file);
            var temp = Path.Combine(folder, $".{name}.{Guid.NewGuid().ToString("N")[..6]}");
            File.Copy(file, temp);
            File.Move(temp, Path.Combine(folder, name), overwrite: true);
        }
        await Reflected(host, a => DeclaredVersion(a, "test.probe") == "2.0.0", "rsync-style temp files renamed");
        Directory.GetFiles(folder, ".*").ShouldBeEmpty();
    }

    [Fact]
    public async Task After_fifty_swaps_in_a_row_the_last_version_is_listed_and_later_changes_are_still_noticed()
    {
        string[] builds = [await TestPlugins.FolderAsync(TestPlugins.ProbeV1), await TestPlugins.FolderAsync(TestPlugins.ProbeV2)];
        await using var host = PluginSandbox.Start(Backends.Embedded, null, null, builds[0]);

        var registry = host.App.Services.GetRequiredService<PluginRegistry>();
        var folder = Path.Combine(host.Root, "Probe");
        for (var i = 1; i <= 50; i++) host.Swap(builds[i % 2]);
        // Swap 50 deploys v1 again, as a new folder: listed as v1, and recorded as loaded from that very folder.
        await Reflected(host, a => DeclaredVersion(a, "test.probe") == "1.0.0" && registry.IsUnchanged(folder), "50 swaps, the last one");

        Directory.Delete(folder, recursive: true);
        await Reflected(host, a => PluginSandbox.Find(a, "test.probe") is null, "delete after 50 swaps");

        var staging = Path.Combine(host.Dir, "corrupt-staging");
        Directory.CreateDirectory(staging);
        File.WriteAllBytes(Path.Combine(staging, "Corrupt.dll"), RandomNumberGenerator.GetBytes(4096));
        Directory.Move(staging, Path.Combine(host.Root, "Corrupt"));
        var watch = Stopwatch.StartNew();
        while (!(await host.StatusAsync())["failed"]!.AsArray().Any(f => f!["folder"]!.GetValue<string>() == Path.Combine(host.Root, "Corrupt")))
        {
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15), "the corrupt DLL is not reported in /plugins/status");
            await Task.Delay(20);
        }
        output.WriteLine($"corrupt DLL after 50 swaps: {watch.ElapsedMilliseconds} ms");
        var failure = (await host.StatusAsync())["failed"]!.AsArray().Single()!;
        failure["reason"]!.GetValue<string>().ShouldContain("BadImageFormatException");
    }

    [Fact]
    public async Task A_half_copied_dll_reported_as_broken_is_loaded_once_it_is_whole()
    {
        await using var host = PluginSandbox.Start();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(await TestPlugins.FolderAsync(TestPlugins.ProbeV1), "Probe.dll"));
        var folder = Path.Combine(host.Root, "Probe");
        Directory.CreateDirectory(folder);
        var dll = Path.Combine(folder, "Probe.dll");
        await using (var half = File.Create(dll)) await half.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));

        var watch = Stopwatch.StartNew();
        while (!(await host.StatusAsync())["failed"]!.AsArray().Any(f => f!["folder"]!.GetValue<string>() == folder))
        {
            watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(15), "the half-copied DLL was never tried");
            await Task.Delay(20);
        }

        await using (var rest = new FileStream(dll, FileMode.Append)) await rest.WriteAsync(bytes.AsMemory(bytes.Length / 2));
        await Reflected(host, a => DeclaredVersion(a, "test.probe") == "1.0.0", "the rest of the DLL written");
        (await host.StatusAsync())["failed"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_watcher_error_recreates_the_watcher_rescans_the_root_and_watching_continues()
    {
        await using var host = PluginSandbox.Start(Backends.Embedded, null, WatcherOnly, await TestPlugins.FolderAsync(TestPlugins.ProbeV1));
        var watcher = WatcherOf(host);
        var broken = watcher.WatcherFor(host.Root)!;
        // Events lost, as in a queue overflow: the watcher sees nothing of the replacement.
        broken.EnableRaisingEvents = false;
        File.Copy(Path.Combine(await TestPlugins.FolderAsync(TestPlugins.ProbeV2), "Probe.dll"), Path.Combine(host.Root, "Probe", "Probe.dll"), overwrite: true);

        broken.RaiseError(new InternalBufferOverflowException("test: too many changes at once"));
        await Reflected(host, a => DeclaredVersion(a, "test.probe") == "2.0.0", "rescan after the watcher's error");
        var renewed = watcher.WatcherFor(host.Root)!;
        renewed.ShouldNotBeSameAs(broken);
        renewed.EnableRaisingEvents.ShouldBeTrue();

        // With the rescan timer off, only the new watcher can notice this.
        Directory.Delete(Path.Combine(host.Root, "Probe"), recursive: true);
        await Reflected(host, a => PluginSandbox.Find(a, "test.probe") is null, "delete seen by the re-created watcher");
    }

    [Fact]
    public async Task A_rescan_that_finds_a_change_the_watcher_missed_reloads_it_and_replaces_the_watcher()
    {
        await using var host = PluginSandbox.Start(Backends.Embedded, null, WatcherOnly, await TestPlugins.FolderAsync(TestPlugins.ProbeV1));
        var watcher = WatcherOf(host);
        var deaf = watcher.WatcherFor(host.Root)!;
        deaf.EnableRaisingEvents = false; // what inotify does to it after a quick swap: no error, no events
        host.Swap(await TestPlugins.FolderAsync(TestPlugins.ProbeV2));

        watcher.RescanNow();
        await Reflected(host, a => DeclaredVersion(a, "test.probe") == "2.0.0", "swap found by a rescan");
        watcher.WatcherFor(host.Root).ShouldNotBeSameAs(deaf);
        watcher.Renewals.ShouldBe(1);

        Directory.Delete(Path.Combine(host.Root, "Probe"), recursive: true);
        await Reflected(host, a => PluginSandbox.Find(a, "test.probe") is null, "delete seen by the replacement watcher");
    }

    [Fact]
    public async Task A_touched_entry_assembly_with_the_same_bytes_is_hashed_once_and_not_reloaded()
    {
        await using var host = PluginSandbox.Start(Backends.Embedded, null, WatcherOnly, await TestPlugins.FolderAsync(TestPlugins.ProbeV1));
        var registry = host.App.Services.GetRequiredService<PluginRegistry>();
        var watcher = WatcherOf(host);
        registry.TryGet("test.probe", out var before).ShouldBeTrue();
        var folder = Path.Combine(host.Root, "Probe");
        watcher.WatcherFor(host.Root)!.EnableRaisingEvents = false;

        File.SetLastWriteTimeUtc(Path.Combine(folder, "Probe.dll"), DateTime.UtcNow.AddMinutes(1));
        registry.IsUnchanged(folder).ShouldBeFalse();
        watcher.RescanNow();

        registry.IsUnchanged(folder).ShouldBeTrue("the rescan should record the new stamp of the same bytes");
        watcher.Renewals.ShouldBe(0, "an unchanged plugin is not a missed change");
        registry.TryGet("test.probe", out var after).ShouldBeTrue();
        after.ShouldBeSameAs(before);
    }

    [Fact]
    public async Task Disposing_the_host_stops_the_rescan_timer_and_the_watchers()
    {
        var host = PluginSandbox.Start(Backends.Embedded, null, null, await TestPlugins.FolderAsync(TestPlugins.ProbeV1));
        var watcher = WatcherOf(host);
        watcher.Running.ShouldBeTrue();
        watcher.Rescans.IsCompleted.ShouldBeFalse();
        watcher.WatcherFor(host.Root).ShouldNotBeNull();

        await host.DisposeAsync();

        watcher.Running.ShouldBeFalse();
        watcher.Rescans.IsCompleted.ShouldBeTrue();
        watcher.WatcherFor(host.Root).ShouldBeNull();
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("NaN")]
    public void A_negative_or_invalid_rescan_interval_refuses_to_start_naming_the_setting(string seconds)
    {
        var e = Should.Throw<Exception>(() => FeaturesApp.Start(Backends.Embedded, new Dictionary<string, string?> { ["Features:Plugins:RescanSeconds"] = seconds }));
        (e.InnerException?.Message ?? e.Message).ShouldContain("rescanSeconds (Features:Plugins:RescanSeconds) must be between 0 (off) and 86400");
    }

    private static string Sha256Hex(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    private static void Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, error);
    }
}
