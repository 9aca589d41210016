using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Features.Host.Security;
using Features.Host.Storage;
using Features.Host.Tests.Infrastructure;
using Features.Plugins.Tests.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Features.Host.Tests.Security;

/// <summary>API keys and roles on a host with <c>Features:Auth:Enabled=true</c>; the key command run as the real binary.</summary>
public sealed class AuthTests
{
    private static readonly Lazy<FeaturesApp> Secured = new(() => FeaturesApp.Start(Infrastructure.Backends.Embedded, new Dictionary<string, string?> { ["Features:Auth:Enabled"] = "true" }));

    private static async Task<string> KeyAsync(string role)
    {
        var (_, secret) = await Secured.Value.Services.GetRequiredService<ApiKeyStore>().CreateAsync("test " + role, role, CancellationToken.None);
        return secret;
    }

    private static HttpClient Client(string? key, bool header = false)
    {
        var client = Secured.Value.CreateClient();
        if (key is not null)
        {
            if (header) client.DefaultRequestHeaders.Add("X-Api-Key", key);
            else client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    [Fact]
    public async Task Without_a_key_every_api_call_is_401_and_health_stays_anonymous()
    {
        var client = Client(null);
        foreach (var (method, url) in new[] { ("GET", "/api/v1/features"), ("POST", "/api/v1/features"), ("GET", "/api/v1/market-data"), ("DELETE", $"/api/v1/features/{Guid.NewGuid()}"), ("GET", "/api/v1/features/plugins/available") })
        {
            var (status, problem) = await client.SendJsonAsync(new HttpMethod(method), url, method == "POST" ? new { name = "x" } : null);
            status.ShouldBe(HttpStatusCode.Unauthorized, $"{method} {url}");
            problem!["detail"]!.GetValue<string>().ShouldContain("API key");
        }
        var (bad, _) = await Client("fsk_not-a-real-key-at-all").GetJsonAsync("/api/v1/features");
        bad.ShouldBe(HttpStatusCode.Unauthorized);
        using (var challenged = await client.GetAsync("/api/v1/features"))
        {
            challenged.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        }
        using (var refused = await Client("fsk_not-a-real-key-at-all").GetAsync("/api/v1/features"))
        {
            refused.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer error=\"invalid_token\"");
        }

        var (health, body) = await client.GetJsonAsync("/health");
        health.ShouldBe(HttpStatusCode.OK);
        body!["database"]!["status"]!.GetValue<string>().ShouldBe("up");
        body.ToJsonString().ShouldNotContain("Data Source");
    }

    [Fact]
    public async Task Roles_reader_writer_admin_grant_get_then_writes_then_delete()
    {
        var reader = Client(await KeyAsync(Roles.Reader));
        var writer = Client(await KeyAsync(Roles.Writer), header: true);
        var admin = Client(await KeyAsync(Roles.Admin));

        (await reader.GetJsonAsync("/api/v1/features")).Status.ShouldBe(HttpStatusCode.OK);
        var (readerCreate, forbidden) = await reader.PostJsonAsync("/api/v1/features", new { name = "x", plugin_key = "technical.sma" });
        readerCreate.ShouldBe(HttpStatusCode.Forbidden);
        forbidden!["detail"]!.GetValue<string>().ShouldContain("writer");
        (await reader.IngestRawAsync("AUTH", "1d", Csv.From(ReferenceData.Quotes("default.csv").Take(30)))).Status.ShouldBe(HttpStatusCode.Forbidden);

        var (created, feature) = await writer.PostJsonAsync("/api/v1/features", new { name = "x", plugin_key = "technical.sma" });
        created.ShouldBe(HttpStatusCode.Created);
        var id = feature!["id"]!.GetValue<string>();
        (await writer.IngestRawAsync("AUTH", "1d", Csv.From(ReferenceData.Quotes("default.csv").Take(30)))).Status.ShouldBe(HttpStatusCode.OK);
        (await writer.PostJsonAsync($"/api/v1/features/{id}/generate", new { symbol = "AUTH", start_date = "2017-01-01", end_date = "2017-02-01" })).Status.ShouldBe(HttpStatusCode.OK);
        (await writer.SendJsonAsync(HttpMethod.Patch, $"/api/v1/features/{id}", new { description = "w" })).Status.ShouldBe(HttpStatusCode.OK);
        (await reader.SendJsonAsync(HttpMethod.Patch, $"/api/v1/features/{id}", new { description = "r" })).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await writer.SendJsonAsync(HttpMethod.Delete, $"/api/v1/features/{id}")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.SendJsonAsync(HttpMethod.Delete, $"/api/v1/features/{id}")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.SendJsonAsync(HttpMethod.Delete, $"/api/v1/features/{id}")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await admin.GetJsonAsync($"/api/v1/features/{id}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Readers_see_plugins_without_server_folders_and_only_admins_see_the_plugin_status_with_them()
    {
        var reader = Client(await KeyAsync(Roles.Reader));
        var (listed, available) = await reader.GetJsonAsync("/api/v1/features/plugins/available");
        listed.ShouldBe(HttpStatusCode.OK);
        available!.AsArray().ShouldNotBeEmpty();
        available.ToJsonString().ShouldNotContain("\"folder\"");
        var (refused, problem) = await reader.GetJsonAsync("/api/v1/features/plugins/status");
        refused.ShouldBe(HttpStatusCode.Forbidden);
        problem!["detail"]!.GetValue<string>().ShouldContain("needs role 'admin'");
        (await Client(await KeyAsync(Roles.Writer)).GetJsonAsync("/api/v1/features/plugins/status")).Status.ShouldBe(HttpStatusCode.Forbidden);

        var (allowed, status) = await Client(await KeyAsync(Roles.Admin)).GetJsonAsync("/api/v1/features/plugins/status");
        allowed.ShouldBe(HttpStatusCode.OK);
        status!["loaded"]!.AsArray().ShouldAllBe(p => !string.IsNullOrEmpty(p!["folder"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Keys_are_stored_only_as_hashes_and_a_revoked_key_is_refused_at_once()
    {
        var store = Secured.Value.Services.GetRequiredService<ApiKeyStore>();
        var (key, secret) = await store.CreateAsync("revocable", Roles.Reader, CancellationToken.None);
        secret.Length.ShouldBeGreaterThan(40);
        await using (var db = await Secured.Value.Services.GetRequiredService<IDbContextFactory<FeaturesDbContext>>().CreateDbContextAsync())
        {
            var row = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == key.Id);
            row.KeyHash.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret))));
            var tail = secret[12..];
            new[] { row.Name, row.Role, row.KeyHash, row.Prefix }.Any(v => v.Contains(tail, StringComparison.Ordinal)).ShouldBeFalse();
        }
        var client = Client(secret);
        (await client.GetJsonAsync("/api/v1/features")).Status.ShouldBe(HttpStatusCode.OK);
        (await store.RevokeAsync(key.Id, CancellationToken.None)).ShouldBeTrue();
        (await client.GetJsonAsync("/api/v1/features")).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static string HostDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            return Path.Combine(ReferenceData.RepoRoot, "src", "Features.Host", "bin", configuration, "net10.0", "Features.Host.dll");
        }
    }

    private static async Task<(int Exit, string Output)> RunHostAsync(string home, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(HostDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["Features__Home"] = home;
        info.Environment["Features__PluginsFile"] = Path.Combine(ReferenceData.RepoRoot, "plugins.json");
        info.Environment["Features__SampleData__SeedOnStart"] = "false";
        info.Environment["ASPNETCORE_URLS"] = "";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task The_keys_command_creates_lists_and_revokes_keys_the_running_host_honours()
    {
        var app = Secured.Value;
        var (created, output) = await RunHostAsync(app.Home, "keys", "create", "--role", "writer", "--name", "ci");
        created.ShouldBe(0, output);
        var secret = output.Split('\n').Single(l => l.StartsWith("key:", StringComparison.Ordinal))[4..].Trim();
        var id = output.Split('\n').Single(l => l.StartsWith("id:", StringComparison.Ordinal))[3..].Trim();
        (await Client(secret).PostJsonAsync("/api/v1/features", new { name = "from ci", plugin_key = "technical.sma" })).Status.ShouldBe(HttpStatusCode.Created);

        var (listed, list) = await RunHostAsync(app.Home, "keys", "list");
        listed.ShouldBe(0, list);
        list.ShouldContain(id);
        list.Contains(secret, StringComparison.Ordinal).ShouldBeFalse("the secret is never shown again");

        (await RunHostAsync(app.Home, "keys", "revoke", id)).Exit.ShouldBe(0);
        (await Client(secret).GetJsonAsync("/api/v1/features")).Status.ShouldBe(HttpStatusCode.Unauthorized);

        var (badRole, message) = await RunHostAsync(app.Home, "keys", "create", "--role", "root", "--name", "x");
        badRole.ShouldNotBe(0);
        message.ShouldContain("role must be one of reader, writer, admin");
    }

    [Fact]
    public async Task The_host_refuses_a_non_loopback_address_with_auth_off()
    {
        var home = Path.Combine(Path.GetTempPath(), "features-tests", "exposure-" + Guid.NewGuid().ToString("N"));
        var (exit, output) = await RunHostAsync(home, "--urls", "http://0.0.0.0:0");
        exit.ShouldNotBe(0);
        output.ShouldContain("refusing to listen on http://0.0.0.0:0 with authentication off");
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://10.1.2.3:80", false)]
    [InlineData("https://features.example.com", false)]
    public void Loopback_addresses_are_told_from_network_ones(string url, bool loopback) => NetworkExposure.IsLoopback(url).ShouldBe(loopback);

    [Fact]
    public void Ports_alone_bind_every_interface_and_are_refused_without_auth()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["http_ports"] = "8080" }).Build();
        Should.Throw<InvalidOperationException>(() => NetworkExposure.Check(new Configuration.FeaturesOptions(), configuration)).Message.ShouldContain("AllowAnonymousOnNetwork");
        var allowed = new Configuration.FeaturesOptions { Auth = { AllowAnonymousOnNetwork = true } };
        Should.NotThrow(() => NetworkExposure.Check(allowed, configuration));
    }
}
