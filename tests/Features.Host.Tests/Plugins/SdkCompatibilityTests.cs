using System.Diagnostics;
using System.Formats.Tar;
using System.Text.Json.Nodes;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;
using Features.PluginSdk;
using static Features.Host.Tests.Plugins.PluginTestData;

namespace Features.Host.Tests.Plugins;

/// <summary>
/// docs/PLUGINS.md "SDK versions", proven with second SDK builds: the sample plugin built against the previous SDK
/// (from git history) loads and computes in the current host; built against an SDK of another major it is refused
/// with the reason.
/// </summary>
public sealed class SdkCompatibilityTests
{
    public static TheoryData<string> Backends => Infrastructure.Backends.All();

    [PreviousSdkTheory, MemberData(nameof(Backends))]
    public async Task A_plugin_built_against_the_previous_sdk_loads_and_generates_the_expected_values(string backend)
    {
        var built = await SecondSdkBuilds.PreviousAsync();
        File.Exists(Path.Combine(built, "Features.PluginSdk.dll")).ShouldBeFalse("the plugin must run with the host's SDK, not ship the old one");
        await using var host = PluginSandbox.Start(backend, null, null, built);

        PluginSandbox.Find(await host.AvailableAsync(), "sample.momentum")!["declared_version"]!.GetValue<string>().ShouldBe("1.0.0");
        var status = await host.StatusAsync();
        status["failed"]!.AsArray().ShouldBeEmpty(status.ToJsonString());
        status["loaded"]!.AsArray().Select(p => p!["key"]!.GetValue<string>()).ShouldBe(["sample.momentum"]);

        const int period = 5;
        var symbol = await IngestAsync(host.Client);
        var feature = await host.Client.CreateFeatureAsync("sample.momentum", new { period });
        var preview = (await host.Client.GenerateAsync(Id(feature), symbol, "2018-01-01", "2018-03-01"))["preview"]!.AsArray();
        preview.Count.ShouldBeGreaterThan(period);
        var bars = Bars;
        foreach (var row in new[] { preview[0]!, preview[preview.Count / 2]!, preview[^1]! })
        {
            var at = Array.FindIndex(bars, b => b.Close == CloseAt(row) && BarTime(b) == DateTime.Parse(row["timestamp"]!.GetValue<string>()).ToUniversalTime());
            at.ShouldBeGreaterThanOrEqualTo(period, "the preview starts after the warm-up");
            row["momentum"]!.GetValue<double>().ShouldBe(bars[at].Close - bars[at - period].Close, 1e-9, $"momentum at {row["timestamp"]}");
        }
    }

    [Theory, MemberData(nameof(Backends))]
    public async Task A_plugin_built_against_another_sdk_major_is_refused_with_the_reason_and_the_host_serves_the_rest(string backend)
    {
        var nextMajor = await SecondSdkBuilds.NextMajorAsync();
        await using var host = PluginSandbox.Start(backend, null, null, await TestPlugins.FolderAsync(TestPlugins.ProbeV1));

        var folder = host.Deploy(nextMajor);
        var refused = await WaitForRefusalAsync(host, folder);
        var reason = refused["reason"]!.GetValue<string>();
        reason.ShouldContain("built against Features.PluginSdk 2.0.0.0");
        reason.ShouldContain($"contract version {SdkInfo.ContractMajorVersion}.x");

        var available = await host.AvailableAsync();
        PluginSandbox.Find(available, "sample.momentum").ShouldBeNull();
        PluginSandbox.Find(available, "test.probe").ShouldNotBeNull();
        var symbol = await IngestAsync(host.Client);
        var served = await host.Client.GenerateAsync(Id(await host.Client.CreateFeatureAsync("test.probe")), symbol, "2018-01-01", "2018-02-01");
        served["row_count"]!.GetValue<long>().ShouldBeGreaterThan(0);
    }

    private static DateTime BarTime(Bar bar) => DateTime.UnixEpoch.AddTicks(bar.Timestamp * 10);

    private static async Task<JsonNode> WaitForRefusalAsync(PluginSandbox host, string folder)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var status = await host.StatusAsync();
            var refused = status["failed"]!.AsArray().FirstOrDefault(f => f!["folder"]!.GetValue<string>() == folder);
            if (refused is not null) return refused;
            if (watch.Elapsed > TimeSpan.FromSeconds(10)) throw new ShouldAssertException($"{folder} not refused after {watch.Elapsed.TotalSeconds:0} s; status: {status.ToJsonString()}");
            await Task.Delay(20);
        }
    }
}

/// <summary>
/// The sample plugin built against a second SDK build, once per test run, in one temp tree: the previous SDK
/// (source of <see cref="PreviousCommit"/>) and the current SDK source rebuilt as major 2. Each sample references its
/// tree's SDK as a project; a private packages folder over the machine's NuGet cache keeps that cache untouched.
/// </summary>
internal static class SecondSdkBuilds
{
    /// <summary>main before the typed SDK: Features.PluginSdk 1.0.0.</summary>
    public const string PreviousCommit = "d5aa564";

    private static readonly string[] SdkTree = ["Directory.Build.props", "Directory.Packages.props", "global.json", "src/Features.PluginSdk", "samples"];
    private static readonly string Work = Path.Combine(Path.GetTempPath(), "features-sdk-compat", Guid.NewGuid().ToString("N")[..12]);
    private static readonly Lazy<bool> PreviousInHistory = new(() => Git("cat-file", "-e", PreviousCommit + "^{commit}").ExitCode == 0);
    private static readonly Lazy<Task<string>> Previous = new(() => Task.Run(BuildPrevious));
    private static readonly Lazy<Task<string>> NextMajor = new(() => Task.Run(BuildNextMajor));

    public static bool PreviousAvailable => PreviousInHistory.Value;

    /// <summary>The built folder (HelloPlugin/HelloPlugin.dll) of the sample as of the previous SDK.</summary>
    public static Task<string> PreviousAsync() => Previous.Value;

    /// <summary>The built folder (HelloPluginSdk2/HelloPluginSdk2.dll) of the current sample against SDK 2.0.0.</summary>
    public static Task<string> NextMajorAsync() => NextMajor.Value;

    private static string BuildPrevious()
    {
        if (!PreviousAvailable)
        {
            throw new InvalidOperationException($"commit {PreviousCommit} (main before the typed SDK) is not in {ReferenceData.RepoRoot}: " +
                                                "the clone is shallow or lacks it; clone main with full history (git fetch --unshallow)");
        }
        var tree = Path.Combine(Work, "previous");
        Directory.CreateDirectory(tree);
        var archive = Path.Combine(Work, "previous.tar");
        var (exit, output) = Git(["archive", "--output", archive, PreviousCommit, .. SdkTree]);
        if (exit != 0) throw new InvalidOperationException($"git archive {PreviousCommit} failed:\n{output}");
        TarFile.ExtractToDirectory(archive, tree, overwriteFiles: false);
        Directory.Exists(Path.Combine(tree, "src", "Features.PluginSdk", "Typed")).ShouldBeFalse($"{PreviousCommit} should predate the typed SDK");
        return BuildSample(tree);
    }

    private static string BuildNextMajor()
    {
        var tree = Path.Combine(Work, "next-major");
        foreach (var path in SdkTree)
        {
            var from = Path.Combine(ReferenceData.RepoRoot, path);
            if (File.Exists(from)) File.Copy(from, Path.Combine(Directory.CreateDirectory(tree).FullName, path));
            else CopySource(from, Path.Combine(tree, path));
        }
        // What a real 2.0 SDK would declare; the folder name differs from the previous build's so both can be deployed.
        Rewrite(Path.Combine(tree, "src", "Features.PluginSdk", "SdkInfo.cs"), "ContractMajorVersion = 1;", "ContractMajorVersion = 2;");
        Rewrite(Path.Combine(tree, "samples", "HelloPlugin", "HelloPlugin.csproj"), "<AssemblyName>HelloPlugin</AssemblyName>", "<AssemblyName>HelloPluginSdk2</AssemblyName>");
        return BuildSample(tree, "HelloPluginSdk2", "-p:Version=2.0.0", "-p:AssemblyVersion=2.0.0.0");
    }

    private static string BuildSample(string tree, string assembly = "HelloPlugin", params string[] properties)
    {
        var output = Path.Combine(tree, "out");
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        TestPlugins.Run(tree, ["build", "samples/HelloPlugin", "-nologo", "-v", "q", "-clp:ErrorsOnly", $"-p:PluginsRoot={output}/",
            $"-p:RestorePackagesPath={Path.Combine(Work, "packages")}", $"-p:RestoreFallbackFolders={globalPackages}", .. properties]);
        var built = Path.Combine(output, assembly);
        File.Exists(Path.Combine(built, assembly + ".dll")).ShouldBeTrue($"the sample should have built into {built}");
        return built;
    }

    /// <summary>Source only: a developer's bin/ and obj/ would carry the repository's build state into the copy.</summary>
    private static void CopySource(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(dir);
            if (name is not ("bin" or "obj")) CopySource(dir, Path.Combine(to, name));
        }
    }

    private static void Rewrite(string file, string from, string to)
    {
        var text = File.ReadAllText(file);
        text.ShouldContain(from, customMessage: $"{file} changed: the second SDK build no longer applies");
        File.WriteAllText(file, text.Replace(from, to, StringComparison.Ordinal));
    }

    private static (int ExitCode, string Output) Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = ReferenceData.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "git could not run: " + e.Message);
        }
    }
}

/// <summary>A theory that needs <see cref="SecondSdkBuilds.PreviousCommit"/> in history: skipped outside CI when the clone lacks it, run (and failing with the reason) under CI.</summary>
public sealed class PreviousSdkTheoryAttribute : TheoryAttribute
{
    public PreviousSdkTheoryAttribute()
    {
        if (!SecondSdkBuilds.PreviousAvailable && !ReferenceData.IsCi)
        {
            Skip = $"commit {SecondSdkBuilds.PreviousCommit} (the previous SDK) is not in this clone's history";
        }
    }
}
