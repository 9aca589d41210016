using System.IO.Compression;
using System.Xml.Linq;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;
using static Features.Host.Tests.Plugins.PluginTestData;

namespace Features.Host.Tests.Plugins;

/// <summary>docs/PLUGINS.md "Write your first plugin", step by step, with the same commands.</summary>
public sealed class WalkthroughTests
{
    private static readonly string[] Shared = ["Features.PluginSdk.dll", "Apache.Arrow.dll", "Apache.Arrow.Scalars.dll"];

    [Fact]
    public async Task The_sample_plugin_built_inside_the_repo_is_picked_up_by_a_running_host_and_generates()
    {
        var work = Path.Combine(Path.GetTempPath(), "features-walkthrough-" + Guid.NewGuid().ToString("N")[..8]);
        await using var host = PluginSandbox.Start();

        // Step 2: dotnet build samples/HelloPlugin -p:PluginsRoot=<staging>/
        TestPlugins.Run(ReferenceData.RepoRoot, "build", "samples/HelloPlugin", "-nologo", "-v", "q", "-clp:ErrorsOnly", $"-p:PluginsRoot={work}/");
        var built = Path.Combine(work, "HelloPlugin");
        File.Exists(Path.Combine(built, "HelloPlugin.dll")).ShouldBeTrue();
        foreach (var shared in Shared) File.Exists(Path.Combine(built, shared)).ShouldBeFalse($"{shared} must not ship with the plugin");

        // Step 3: move the folder into the watched plugins root; it is listed without a restart.
        host.Deploy(built);
        await host.WaitForAsync(a => PluginSandbox.Find(a, "sample.momentum") is not null, "sample.momentum listed");

        // Step 4: define and generate.
        var symbol = await IngestAsync(host.Client);
        var feature = await host.Client.CreateFeatureAsync("sample.momentum", new { period = 5 });
        var result = await host.Client.GenerateAsync(Id(feature), symbol, "2018-01-01", "2018-03-01");
        result["columns"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(["timestamp", "momentum"]);
        var bars = Bars;
        foreach (var row in result["preview"]!.AsArray())
        {
            var i = Array.FindIndex(bars, b => b.Close == CloseAt(row!) && DateTime.UnixEpoch.AddTicks(b.Timestamp * 10) == DateTime.Parse(row!["timestamp"]!.GetValue<string>()).ToUniversalTime());
            row!["momentum"]!.GetValue<double>().ShouldBe(bars[i].Close - bars[i - 5].Close, 1e-9);
        }
        Directory.Delete(work, true);
    }

    [Fact]
    public async Task The_packed_sdk_is_all_a_plugin_outside_the_repo_references()
    {
        var work = Path.Combine(Path.GetTempPath(), "features-package-" + Guid.NewGuid().ToString("N")[..8]);
        var feed = Path.Combine(work, "feed");

        // dotnet pack src/Features.PluginSdk -o <feed>
        TestPlugins.Run(ReferenceData.RepoRoot, "pack", "src/Features.PluginSdk", "-nologo", "-v", "q", "-clp:ErrorsOnly", "--no-restore", "-o", feed);
        var package = Directory.GetFiles(feed, "Features.PluginSdk.*.nupkg").Single();
        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            entries.ShouldContain("lib/net10.0/Features.PluginSdk.dll");
            entries.ShouldContain("lib/net10.0/Features.PluginSdk.xml");
            entries.ShouldContain("README.md");
            entries.ShouldContain("buildTransitive/Features.PluginSdk.targets");
            using var nuspec = zip.GetEntry("Features.PluginSdk.nuspec")!.Open();
            var xml = XDocument.Load(nuspec);
            var ns = xml.Root!.GetDefaultNamespace();
            var metadata = xml.Root.Element(ns + "metadata")!;
            metadata.Element(ns + "version")!.Value.ShouldStartWith(Features.PluginSdk.SdkInfo.ContractMajorVersion + ".");
            metadata.Element(ns + "readme")!.Value.ShouldBe("README.md");
            metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ShouldBe(["Apache.Arrow"]);
        }

        // A copy of the sample away from the repo uses the package; a private packages folder keeps the machine's cache clean.
        var project = Path.Combine(work, "HelloPlugin");
        PluginSandbox.CopyFolder(Path.Combine(ReferenceData.RepoRoot, "samples", "HelloPlugin"), project);
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        TestPlugins.Run(project, "build", "-nologo", "-v", "q", "-clp:ErrorsOnly", $"-p:RestoreAdditionalProjectSources={feed}",
            $"-p:RestorePackagesPath={work}/packages", $"-p:RestoreFallbackFolders={globalPackages}", $"-p:PluginsRoot={work}/out/");
        Directory.Exists(Path.Combine(work, "packages", "features.pluginsdk")).ShouldBeTrue("the sample should have restored the packed SDK");
        var built = Path.Combine(work, "out", "HelloPlugin");
        foreach (var shared in Shared) File.Exists(Path.Combine(built, shared)).ShouldBeFalse($"{shared} must not ship with the plugin");

        await using var host = PluginSandbox.Start(Backends.Embedded, null, null, built);
        PluginSandbox.Find(await host.AvailableAsync(), "sample.momentum")!["declared_version"]!.GetValue<string>().ShouldBe("1.0.0");
        Directory.Delete(work, true);
    }
}
