using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Features.Host.Tests.Infrastructure;

/// <summary>
/// A dedicated host whose plugins.json (in a temp folder) watches a temp plugins root, as an operator would set it up:
/// tests drop plugin folders into <see cref="Root"/> and watch the API.
/// </summary>
public sealed class PluginSandbox : IAsyncDisposable
{
    private PluginSandbox(string dir, FeaturesApp app)
    {
        Dir = dir;
        App = app;
        Client = app.CreateClient();
    }

    public string Dir { get; }
    public string Root => Path.Combine(Dir, "plugins");
    public FeaturesApp App { get; }
    public HttpClient Client { get; }

    /// <summary>Folders (built plugin folders, or (source, name) pairs) deployed before the host starts.</summary>
    public static PluginSandbox Start(string backend = Backends.Embedded, object? trust = null, IDictionary<string, string?>? settings = null, params string[] deployFirst)
    {
        var dir = Path.Combine(Path.GetTempPath(), "features-plugin-sandbox", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(dir, "plugins"));
        File.WriteAllText(Path.Combine(dir, "plugins.json"), JsonSerializer.Serialize(new
        {
            folders = new[] { "plugins" },
            hotReload = true,
            computeTimeoutSeconds = 300,
            trust = trust ?? new { mode = "any", sha256 = Array.Empty<string>() },
        }));
        foreach (var folder in deployFirst) CopyFolder(folder, Path.Combine(dir, "plugins", Path.GetFileName(folder)));
        var all = new Dictionary<string, string?> { ["Features:PluginsFile"] = Path.Combine(dir, "plugins.json") };
        if (settings is not null) foreach (var (k, v) in settings) all[k] = v;
        return new PluginSandbox(dir, FeaturesApp.Start(backend, all));
    }

    /// <summary>Copies a built plugin folder in next to the root, then moves it in at once (what an operator's deploy does).</summary>
    public string Deploy(string builtFolder, string? name = null)
    {
        var staging = Stage(builtFolder);
        var target = Path.Combine(Root, name ?? Path.GetFileName(builtFolder));
        Directory.Move(staging, target);
        return target;
    }

    /// <summary>
    /// The atomic deploy of a new build: the new folder staged next to the root, then the old folder moved out and the
    /// new one moved in straight after (<c>mv root/P old/ &amp;&amp; mv staged/P root/P</c>). Returns the plugin folder.
    /// </summary>
    public string Swap(string builtFolder, string? name = null)
    {
        var staging = Stage(builtFolder);
        var target = Path.Combine(Root, name ?? Path.GetFileName(builtFolder));
        Directory.Move(target, Path.Combine(Dir, "retired-" + Guid.NewGuid().ToString("N")[..8]));
        Directory.Move(staging, target);
        return target;
    }

    /// <summary>A copy of a built plugin folder next to the root (same file system, so moving it in is a rename).</summary>
    private string Stage(string builtFolder)
    {
        var staging = Path.Combine(Dir, "staging-" + Guid.NewGuid().ToString("N")[..8]);
        CopyFolder(builtFolder, staging);
        return staging;
    }

    public static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }

    public async Task<JsonArray> AvailableAsync(string query = "")
    {
        var (status, body) = await Client.GetJsonAsync("/api/v1/features/plugins/available" + query);
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!.AsArray();
    }

    public async Task<JsonNode> StatusAsync()
    {
        var (status, body) = await Client.GetJsonAsync("/api/v1/features/plugins/status");
        status.ShouldBe(HttpStatusCode.OK, body?.ToJsonString());
        return body!;
    }

    public static JsonNode? Find(JsonArray available, string key) => available.FirstOrDefault(p => p!["key"]!.GetValue<string>() == key);

    /// <summary>The version a deployed plugin declares (without the assembly hash), or null when it is not listed.</summary>
    public static string? DeclaredVersion(JsonArray available, string key) => Find(available, key)?["declared_version"]?.GetValue<string>();

    /// <summary>Polls /plugins/available until <paramref name="condition"/> holds; returns how long that took. Fails after <paramref name="limit"/>.</summary>
    public async Task<TimeSpan> WaitForAsync(Func<JsonArray, bool> condition, string what, TimeSpan? limit = null)
    {
        var watch = Stopwatch.StartNew();
        var max = limit ?? TimeSpan.FromSeconds(10);
        while (true)
        {
            var available = await AvailableAsync();
            if (condition(available)) return watch.Elapsed;
            if (watch.Elapsed > max) throw new ShouldAssertException($"after {watch.Elapsed.TotalMilliseconds:0} ms, still not: {what}; available: {available.ToJsonString()}; status: {(await StatusAsync()).ToJsonString()}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
