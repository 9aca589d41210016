using System.Diagnostics;
using System.Text;

namespace Features.Host.Tests.Infrastructure;

/// <summary>
/// Real plugin projects, generated and built with <c>dotnet build</c> during the test run (once per run, all in
/// one parallel build of a generated solution), the way a third party builds against the SDK: the SDK and Apache.Arrow
/// referenced but not shipped, private dependencies from NuGet copied next to the plugin.
/// </summary>
public static class TestPlugins
{
    /// <summary>test.probe 1.0.0: probe = close x 1; modes ok/throw/hang; reports whether the SDK and Arrow it sees are the host's.</summary>
    public const string ProbeV1 = "ProbeV1";
    /// <summary>test.probe 2.0.0, same assembly name (Probe): probe = close x 2.</summary>
    public const string ProbeV2 = "ProbeV2";
    /// <summary>Another assembly (ProbeTwin) that also declares test.probe.</summary>
    public const string ProbeTwin = "ProbeTwin";
    /// <summary>A descriptor whose key is not 'pack.name'.</summary>
    public const string BadDescriptor = "BadDescriptor";
    /// <summary>test.json_new: carries Newtonsoft.Json 13.0.3 and outputs the major version it runs with.</summary>
    public const string JsonNew = "JsonNew";
    /// <summary>test.json_old: carries Newtonsoft.Json 12.0.3 and outputs the major version it runs with.</summary>
    public const string JsonOld = "JsonOld";
    /// <summary>test.needs_helper: ships its private library Features.TestHelper.dll (which the host does not have).</summary>
    public const string NeedsHelper = "NeedsHelper";

    private static readonly Lazy<Task<string>> Built = new(() => Task.Run(BuildAll));

    /// <summary>The built plugin folder (<c>&lt;Name&gt;/&lt;Name&gt;.dll</c> inside) of one of the projects above.</summary>
    public static async Task<string> FolderAsync(string project)
    {
        var output = await Built.Value;
        var folder = Directory.GetDirectories(Path.Combine(output, project)).Single();
        return folder;
    }

    private sealed record Project(string Name, string Assembly, string Key, string Version, string Body, string? Package = null);

    private static IEnumerable<Project> Projects()
    {
        yield return new(ProbeV1, "Probe", "test.probe", "1.0.0", ProbeBody(1));
        yield return new(ProbeV2, "Probe", "test.probe", "2.0.0", ProbeBody(2));
        yield return new(ProbeTwin, "ProbeTwin", "test.probe", "1.0.0", ProbeBody(1));
        yield return new(BadDescriptor, "BadDescriptor", "Not A Key", "1.0.0", ProbeBody(1));
        yield return new(JsonNew, "JsonNew", "test.json_new", "1.0.0", JsonBody, "<PackageReference Include=\"Newtonsoft.Json\" Version=\"13.0.3\" />");
        yield return new(JsonOld, "JsonOld", "test.json_old", "1.0.0", JsonBody, "<PackageReference Include=\"Newtonsoft.Json\" Version=\"12.0.3\" />");
        yield return new("Helper", "Features.TestHelper", "", "", HelperBody);
        yield return new(NeedsHelper, "NeedsHelper", "test.needs_helper", "1.0.0", NeedsHelperBody, "<ProjectReference Include=\"../Helper/Helper.csproj\" />");
    }

    private static string BuildAll()
    {
        var root = Path.Combine(Path.GetTempPath(), "features-test-plugins", Guid.NewGuid().ToString("N")[..12]);
        var output = Path.Combine(root, "out");
        Directory.CreateDirectory(root);
        // The very assemblies the host under test shares, as a plugin author's reference assemblies.
        var sdk = typeof(Features.PluginSdk.IFeaturePlugin).Assembly.Location;
        var arrow = typeof(Apache.Arrow.RecordBatch).Assembly.Location;
        var solution = new StringBuilder("<Solution>\n");
        foreach (var p in Projects())
        {
            var dir = Path.Combine(root, p.Name);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, p.Name + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <EnableDynamicLoading>true</EnableDynamicLoading>
                    <AssemblyName>{p.Assembly}</AssemblyName>
                    <OutDir>{Path.Combine(p.Key.Length == 0 ? Path.Combine(root, "lib") : output, p.Name, p.Assembly)}/</OutDir>
                    <GenerateDocumentationFile>false</GenerateDocumentationFile>
                  </PropertyGroup>
                  <ItemGroup>
                    <Reference Include="Features.PluginSdk" HintPath="{sdk}" Private="false" />
                    <Reference Include="Apache.Arrow" HintPath="{arrow}" Private="false" />
                    {p.Package}
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(dir, "Plugin.cs"), p.Body.Replace("@KEY@", p.Key).Replace("@VERSION@", p.Version));
            solution.Append($"  <Project Path=\"{p.Name}/{p.Name}.csproj\" />\n");
        }
        solution.Append("</Solution>\n");
        File.WriteAllText(Path.Combine(root, "plugins.slnx"), solution.ToString());
        Run(root, "build", "plugins.slnx", "-nologo", "-v", "q", "-clp:ErrorsOnly");
        return output;
    }

    /// <summary>Runs the dotnet CLI; throws with its output when it fails.</summary>
    public static string Run(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        // Not the test host's MSBuild/runtime settings: a clean CLI like a plugin author's.
        info.Environment.Remove("MSBuildSDKsPath");
        info.Environment.Remove("MSBuildExtensionsPath");
        info.Environment.Remove("MSBUILD_EXE_PATH");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} ran past 15 minutes");
        }
        var text = stdout.Result + stderr.Result;
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet {string.Join(' ', args)} failed in {workingDirectory}:\n{text}");
        return text;
    }

    private static string ProbeBody(int factor) => """
        using System.Runtime.Loader;
        using Apache.Arrow;
        using Features.PluginSdk;

        namespace TestPlugin;

        public sealed class ProbePlugin : IFeaturePlugin
        {
            private static readonly IReadOnlyList<OutputColumn> Outputs =
            [
                OutputColumn.Float("probe", "close times FACTOR"),
                OutputColumn.Float("shared_sdk", "1 when the SDK and Apache.Arrow this plugin runs with are the host's (default load context)"),
            ];

            public PluginDescriptor Descriptor { get; } = new()
            {
                Key = "@KEY@",
                Type = FeatureType.Statistical,
                Version = "@VERSION@",
                Description = "Test probe vFACTOR: close times FACTOR.",
                Parameters =
                [
                    ParameterSpec.Choice("mode", "ok", ["ok", "throw", "hang"], "ok computes; throw fails in the kernel; hang sleeps hang_ms per batch ignoring cancellation."),
                    ParameterSpec.Integer("hang_ms", 0, 0, 60000, "How long mode=hang sleeps, in milliseconds."),
                    ParameterSpec.Integer("period", 3, 1, 100, "Declared warm-up, in bars."),
                ],
                Outputs = Outputs,
                InputColumns = ["close"],
                WarmupRule = "period bars",
            };

            public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period");

            public IFeatureKernel CreateKernel(KernelContext context) =>
                new Kernel(context.Parameters.GetString("mode"), context.Parameters.GetInt32("hang_ms"));

            private sealed class Kernel(string mode, int hangMs) : BarKernel(Outputs)
            {
                protected override void Compute(in BarSpans bars, double[][] outputs)
                {
                    if (mode == "throw") throw new InvalidOperationException("probe was told to throw");
                    if (mode == "hang") Thread.Sleep(hangMs);
                    var shared = AssemblyLoadContext.GetLoadContext(typeof(IFeaturePlugin).Assembly) == AssemblyLoadContext.Default
                                 && AssemblyLoadContext.GetLoadContext(typeof(RecordBatch).Assembly) == AssemblyLoadContext.Default ? 1.0 : 0.0;
                    for (var i = 0; i < bars.Length; i++)
                    {
                        outputs[0][i] = bars.Close[i] * FACTOR;
                        outputs[1][i] = shared;
                    }
                }
            }
        }
        """.Replace("FACTOR", factor.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private const string HelperBody = """
        namespace TestHelper;

        public static class Greeting
        {
            public static string Text => "helped";
        }
        """;

    private const string NeedsHelperBody = """
        using Features.PluginSdk;

        namespace TestPlugin;

        public sealed class NeedsHelperPlugin : IFeaturePlugin
        {
            // Reads its private library while describing itself: without that DLL the plugin cannot load.
            public PluginDescriptor Descriptor { get; } = new()
            {
                Key = "@KEY@",
                Type = FeatureType.Statistical,
                Version = "@VERSION@",
                Description = "Needs its helper library: " + TestHelper.Greeting.Text,
                Outputs = [OutputColumn.Float("one", "always 1")],
            };

            public int WarmupBars(ParameterValues parameters) => 0;

            public IFeatureKernel CreateKernel(KernelContext context) => throw new NotSupportedException();
        }
        """;

    private const string JsonBody = """
        using Features.PluginSdk;
        using Newtonsoft.Json;

        namespace TestPlugin;

        public sealed class JsonPlugin : IFeaturePlugin
        {
            private static readonly IReadOnlyList<OutputColumn> Outputs =
                [OutputColumn.Float("json_major", "major version of the Newtonsoft.Json this plugin runs with, round-tripped through it")];

            // Touches Newtonsoft.Json while describing itself: without its DLL the plugin cannot load.
            public PluginDescriptor Descriptor { get; } = new()
            {
                Key = "@KEY@",
                Type = FeatureType.Statistical,
                Version = "@VERSION@",
                Description = "Runs with Newtonsoft.Json " + JsonConvert.SerializeObject(typeof(JsonConvert).Assembly.GetName().Version!.ToString()),
                Outputs = Outputs,
            };

            public int WarmupBars(ParameterValues parameters) => 0;

            public IFeatureKernel CreateKernel(KernelContext context) => new Kernel();

            private sealed class Kernel() : BarKernel(Outputs)
            {
                protected override void Compute(in BarSpans bars, double[][] outputs)
                {
                    var major = JsonConvert.DeserializeObject<double>(JsonConvert.SerializeObject(typeof(JsonConvert).Assembly.GetName().Version!.Major));
                    for (var i = 0; i < bars.Length; i++) outputs[0][i] = major;
                }
            }
        }
        """;
}
