using Features.Host.Storage.Objects;

namespace Features.Host.Configuration;

/// <summary>The <c>Features</c> configuration section (appsettings.json or <c>Features__...</c> environment variables).</summary>
public sealed class FeaturesOptions
{
    /// <summary>Home folder for the embedded default (SQLite file, object folder, temp files). FEATURES_HOME overrides; default ./.features.</summary>
    public string? Home { get; set; }

    public DatabaseOptions Database { get; set; } = new();

    public ObjectStoreOptions ObjectStore { get; set; } = new();

    /// <summary>Path of plugins.json; when empty it is searched upward from the working directory and the binary.</summary>
    public string? PluginsFile { get; set; }

    /// <summary>Overrides of plugins.json settings (e.g. <c>Features__Plugins__ComputeTimeoutSeconds</c>), for operators and tests.</summary>
    public PluginOverrides Plugins { get; set; } = new();

    public SampleDataOptions SampleData { get; set; } = new();

    public LimitOptions Limits { get; set; } = new();

    public AuthOptions Auth { get; set; } = new();

    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>Grace period on SIGTERM for requests in flight (HostOptions.ShutdownTimeout).</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 30;
}

/// <summary>API-key authentication (docs/RELIABILITY.md). Off by default for the embedded default on loopback.</summary>
public sealed class AuthOptions
{
    public bool Enabled { get; set; }

    /// <summary>Lets the host listen on a non-loopback address with authentication off; refused otherwise.</summary>
    public bool AllowAnonymousOnNetwork { get; set; }

    /// <summary>Bearer tokens (JWT) from an OIDC issuer, accepted beside API keys when <see cref="JwtOptions.Authority"/> is set.</summary>
    public JwtOptions Jwt { get; set; } = new();
}

/// <summary>JWT bearer tokens from an OIDC issuer, mapped to the roles API keys have (README, Security).</summary>
public sealed class JwtOptions
{
    /// <summary>The issuer's URL; its signing keys are read from <c>{Authority}/.well-known/openid-configuration</c>. Empty: JWT off.</summary>
    public string? Authority { get; set; }

    /// <summary>The <c>aud</c> every token must carry (required with <see cref="Authority"/>).</summary>
    public string? Audience { get; set; }

    /// <summary>The <c>iss</c> every token must carry; default: the issuer named by the discovery document.</summary>
    public string? Issuer { get; set; }

    /// <summary>Claim that carries the role: a string, an array, or space-separated values (<c>scope</c> style).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Prefix stripped from role values before they are matched, e.g. <c>features:</c> for scopes like <c>features:writer</c>.</summary>
    public string? RolePrefix { get; set; }

    /// <summary>Fetch the discovery document over HTTPS only (turn off only for an issuer on loopback).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Tolerance for clock differences on <c>exp</c>/<c>nbf</c>.</summary>
    public int ClockSkewSeconds { get; set; } = 60;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}

public sealed class PluginOverrides
{
    /// <summary>Replaces plugins.json <c>computeTimeoutSeconds</c> when set.</summary>
    public int? ComputeTimeoutSeconds { get; set; }

    /// <summary>Replaces plugins.json <c>hotReload</c> when set.</summary>
    public bool? HotReload { get; set; }

    /// <summary>Replaces plugins.json <c>rescanSeconds</c> when set.</summary>
    public double? RescanSeconds { get; set; }
}

public sealed class DatabaseOptions
{
    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>For postgres, an Npgsql connection string; for sqlite, optional (default: the home folder's features.db).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>SQLite only: <c>normal</c> (default) or <c>full</c>; see <see cref="Storage.SqliteDurability"/>.</summary>
    public string SqliteSynchronous { get; set; } = "normal";
}

public sealed class ObjectStoreOptions
{
    /// <summary><c>local</c> (default: the home folder's objects/) or <c>s3</c>.</summary>
    public string Provider { get; set; } = "local";

    /// <summary>For local: the folder; default &lt;home&gt;/objects.</summary>
    public string? Path { get; set; }

    public S3Options S3 { get; set; } = new();
}

public sealed class SampleDataOptions
{
    /// <summary>Fill an empty bar store with the deterministic sample on start (embedded default: on).</summary>
    public bool? SeedOnStart { get; set; }
}

public sealed class LimitOptions
{
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;
    public int MaxRowsPerUpload { get; set; } = 20_000_000;
    public int MaxListLimit { get; set; } = 1000;

    /// <summary>Bars one generate may read (range plus warm-up plus auxiliary series); more is a 422 asking to split the range.</summary>
    public long MaxBarsPerGenerate { get; set; } = 5_000_000;

    /// <summary>Body size of every request except market-data uploads (those use <see cref="MaxUploadBytes"/>); more is a 413.</summary>
    public long MaxJsonBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Nesting depth of JSON bodies; deeper is a 422.</summary>
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>Entries in a feature's <c>parameters</c> object; more is a 422.</summary>
    public int MaxParameters { get; set; } = 64;

    /// <summary>Length of one parameter's string value (or of its JSON text, for arrays and objects); longer is a 422.</summary>
    public int MaxParameterLength { get; set; } = 1024;
}
