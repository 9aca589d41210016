using System.Collections.Concurrent;
using System.Text.Json;
using Features.Host.MarketData;
using Features.Host.Security;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Features.Host.Tests.Ui;

/// <summary>
/// Debian's Chromium driven by Playwright (the tool's own browser download cannot be reached from these machines), and
/// one host per backend on a real loopback port, with auth on, the sample bars loaded, a key per role, and a plugin
/// folder the tests may drop plugins into. Shared by the browser tests (one collection: they run one after another).
/// </summary>
public sealed class BrowserHosts : IAsyncLifetime
{
    /// <summary>scripts/test.sh installs it (apt-get install chromium) when missing; FEATURES_TEST_CHROMIUM overrides.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("FEATURES_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Where screenshots go (test artifacts): FEATURES_TEST_ARTIFACTS, else artifacts/ui-screenshots in the repo.</summary>
    public static string ScreenshotFolder => Path.Combine(
        Environment.GetEnvironmentVariable("FEATURES_TEST_ARTIFACTS") is { Length: > 0 } root ? root : Path.Combine(ReferenceData.RepoRoot, "artifacts"), "ui-screenshots");

    private readonly ConcurrentDictionary<string, Lazy<Task<BrowserHost>>> _hosts = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not at {ChromiumPath}: run the tests with scripts/test.sh, which installs Debian's chromium package, or set FEATURES_TEST_CHROMIUM.");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
    }

    public Task<BrowserHost> HostAsync(string backend) => _hosts.GetOrAdd(backend, b => new Lazy<Task<BrowserHost>>(() => BrowserHost.StartAsync(b))).Value;

    /// <summary>A fresh tab (1280×800 unless told) signed in with <paramref name="key"/>, showing <paramref name="route"/>.</summary>
    public async Task<IPage> PageAsync(BrowserHost host, string key, string route = "#/plugins", int width = 1280, int height = 800)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, BaseURL = host.Url });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/" + route);
        await page.GetByLabel("API key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.Locator("#who [data-role]").WaitForAsync();
        await page.Locator("main h2").WaitForAsync();
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts.Values.Where(h => h.IsValueCreated)) (await host.Value).Dispose();
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserHosts>
{
    public const string Name = "browser";
}

/// <summary>A host on a loopback port with a key per role and a folder watched for plugins (besides the built packs).</summary>
public sealed class BrowserHost : IDisposable
{
    private BrowserHost(FeaturesApp app, string dropFolder, string adminKey, string writerKey, string readerKey)
    {
        App = app;
        DropFolder = dropFolder;
        AdminKey = adminKey;
        WriterKey = writerKey;
        ReaderKey = readerKey;
    }

    public FeaturesApp App { get; }
    public string Url => App.BaseAddress!.ToString().TrimEnd('/');
    public string DropFolder { get; }
    public string AdminKey { get; }
    public string WriterKey { get; }
    public string ReaderKey { get; }

    public static async Task<BrowserHost> StartAsync(string backend)
    {
        var dir = Path.Combine(Path.GetTempPath(), "features-ui-tests", Guid.NewGuid().ToString("N")[..12]);
        var drop = Path.Combine(dir, "drop");
        Directory.CreateDirectory(drop);
        File.WriteAllText(Path.Combine(dir, "plugins.json"), JsonSerializer.Serialize(new
        {
            folders = new[] { Path.Combine(ReferenceData.RepoRoot, "artifacts", "plugins"), "drop" },
            hotReload = true,
            rescanSeconds = 1,
            computeTimeoutSeconds = 300,
            trust = new { mode = "any", sha256 = Array.Empty<string>() },
        }));
        var app = FeaturesApp.Start(backend, new Dictionary<string, string?>
        {
            ["Features:PluginsFile"] = Path.Combine(dir, "plugins.json"),
            ["Features:Auth:Enabled"] = "true",
        }, kestrel: true);
        await app.Services.GetRequiredService<SampleData>().SeedAsync(force: false, CancellationToken.None);
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        var admin = await keys.CreateAsync("ui admin", Roles.Admin, CancellationToken.None);
        var writer = await keys.CreateAsync("ui writer", Roles.Writer, CancellationToken.None);
        var reader = await keys.CreateAsync("ui reader", Roles.Reader, CancellationToken.None);
        return new BrowserHost(app, drop, admin.Secret, writer.Secret, reader.Secret);
    }

    private readonly SemaphoreSlim _dropping = new(1, 1);

    /// <summary>
    /// Copies a built test plugin (<see cref="TestPlugins"/>) into the watched folder, the way a deployment does (staged
    /// next to it, then moved in), unless it is there already, and waits until <c>/plugins/available</c> lists <paramref name="key"/>.
    /// </summary>
    public async Task DropPluginAsync(string project, string key)
    {
        var built = await TestPlugins.FolderAsync(project);
        await _dropping.WaitAsync();
        try
        {
            var target = Path.Combine(DropFolder, Path.GetFileName(built));
            if (!Directory.Exists(target))
            {
                var staging = Path.Combine(Path.GetDirectoryName(DropFolder)!, "staging-" + Path.GetFileName(built));
                PluginSandbox.CopyFolder(built, staging);
                Directory.Move(staging, target);
            }
        }
        finally
        {
            _dropping.Release();
        }
        using var api = Client(ReaderKey);
        for (var i = 0; i < 600 && !(await api.GetStringAsync("/api/v1/features/plugins/available")).Contains($"\"{key}\""); i++) await Task.Delay(50);
    }

    /// <summary>An HTTP client of the API signed in with <paramref name="key"/>.</summary>
    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = App.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public void Dispose()
    {
        App.Dispose();
        _dropping.Dispose();
    }
}
