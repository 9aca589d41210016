using System.Collections.Concurrent;
using Features.Plugins.Tests.Reference;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Features.Host.Tests.Infrastructure;

/// <summary>
/// The backends every API test runs against: the embedded default (SQLite + local folder) and, when
/// scripts/test.sh started them, a real PostgreSQL server plus a real S3-protocol server (s3rver) on
/// 127.0.0.1. Under CI=true the real backend is always listed, so a missing server fails the tests.
/// </summary>
public static class Backends
{
    public const string Embedded = "embedded";
    public const string Real = "postgres+s3";

    public static string? PostgresConnection => Environment.GetEnvironmentVariable("FEATURES_TEST_POSTGRES");
    public static string? S3Url => Environment.GetEnvironmentVariable("FEATURES_TEST_S3_URL");
    public static bool RealConfigured => !string.IsNullOrEmpty(PostgresConnection) && !string.IsNullOrEmpty(S3Url);

    public static IEnumerable<string> Names()
    {
        yield return Embedded;
        if (RealConfigured || ReferenceData.IsCi) yield return Real;
    }

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names()) data.Add(name);
        return data;
    }

    /// <summary>A fresh database in the test cluster, so hosts never see each other's rows; returns its connection string.</summary>
    public static string CreateDatabase()
    {
        var admin = PostgresConnection ?? throw new InvalidOperationException("FEATURES_TEST_POSTGRES is not set: run the tests with scripts/test.sh");
        var name = "features_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(admin))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>A client for the test S3 server, independent of the host's object store (path style, like s3rver needs).</summary>
    public static Amazon.S3.AmazonS3Client S3Client() =>
        new(new Amazon.Runtime.BasicAWSCredentials("S3RVER", "S3RVER"),
            new Amazon.S3.AmazonS3Config { ServiceURL = S3Url, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    public static TheoryData<string> RealOnly()
    {
        var data = new TheoryData<string>();
        if (RealConfigured || ReferenceData.IsCi) data.Add(Real);
        else data.Add(Embedded + ":skip");
        return data;
    }
}

/// <summary>One running host per backend, shared by the test assembly; tests isolate themselves by unique symbols and features.</summary>
public static class TestHosts
{
    private static readonly ConcurrentDictionary<string, Lazy<FeaturesApp>> Hosts = new();

    public static FeaturesApp Get(string backend) => Hosts.GetOrAdd(backend, b => new Lazy<FeaturesApp>(() => FeaturesApp.Start(b))).Value;
}

/// <summary>A Features host in process, with an HTTP client.</summary>
public sealed class FeaturesApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private FeaturesApp(Dictionary<string, string?> settings, string backend, string home, Action<IServiceCollection>? services)
    {
        _settings = settings;
        _services = services;
        Backend = backend;
        Home = home;
    }

    public string Backend { get; }
    public string Home { get; }
    public string? Bucket => _settings.GetValueOrDefault("Features:ObjectStore:S3:Bucket");
    public string? DatabaseConnection => _settings.GetValueOrDefault("Features:Database:ConnectionString");

    /// <param name="services">Test services registered after the host's own (e.g. an in-memory telemetry exporter).</param>
    /// <param name="kestrel">Serve on a real loopback port (see <see cref="BaseAddress"/>), for clients outside the process such as a browser.</param>
    public static FeaturesApp Start(string backend, IDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null, bool kestrel = false)
    {
        var home = Path.Combine(Path.GetTempPath(), "features-tests", $"{backend.Replace('+', '-')}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(home);
        var settings = new Dictionary<string, string?>
        {
            ["Features:Home"] = home,
            ["Features:PluginsFile"] = Path.Combine(ReferenceData.RepoRoot, "plugins.json"),
            ["Features:SampleData:SeedOnStart"] = "false",
            // Hundreds of test hosts start in this process; the warm-up's own tests turn it on.
            ["Features:Warmup:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Features"] = "Error",
        };
        if (backend == Backends.Real)
        {
            if (!Backends.RealConfigured)
            {
                throw new InvalidOperationException("The PostgreSQL + S3 backend is required (CI=true) but FEATURES_TEST_POSTGRES / FEATURES_TEST_S3_URL are not set: run the tests with scripts/test.sh, which starts both servers.");
            }
            settings["Features:Database:Provider"] = "postgres";
            settings["Features:Database:ConnectionString"] = Backends.CreateDatabase();
            settings["Features:ObjectStore:Provider"] = "s3";
            settings["Features:ObjectStore:S3:ServiceUrl"] = Backends.S3Url;
            settings["Features:ObjectStore:S3:Bucket"] = "features-" + Guid.NewGuid().ToString("N")[..20];
            settings["Features:ObjectStore:S3:AccessKey"] = "S3RVER";
            settings["Features:ObjectStore:S3:SecretKey"] = "S3RVER";
        }
        if (extra is not null) foreach (var (k, v) in extra) settings[k] = v;
        var app = new FeaturesApp(settings, backend, settings["Features:Home"]!, services);
        if (kestrel)
        {
            app.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
            app.StartServer();
            app.BaseAddress = new Uri(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());
        }
        else _ = app.Server; // start now, so a broken configuration fails here with its own message
        return app;
    }

    /// <summary>Where a host started with <c>kestrel: true</c> listens (http://127.0.0.1:port); null otherwise.</summary>
    public Uri? BaseAddress { get; private set; }

    /// <summary>A second instance over the same database and object store (as behind a load balancer, or after a restart).</summary>
    public static FeaturesApp StartBeside(FeaturesApp first)
    {
        var shared = new Dictionary<string, string?> { ["Features:Home"] = first.Home };
        foreach (var key in new[] { "Features:Database:ConnectionString", "Features:ObjectStore:S3:Bucket" })
        {
            if (first._settings.TryGetValue(key, out var value)) shared[key] = value;
        }
        return Start(first.Backend, shared);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.UseEnvironment("Testing");
        if (_services is not null) builder.ConfigureTestServices(_services);
    }
}
