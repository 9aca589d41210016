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
}

public sealed class PluginOverrides
{
    /// <summary>Replaces plugins.json <c>computeTimeoutSeconds</c> when set.</summary>
    public int? ComputeTimeoutSeconds { get; set; }

    /// <summary>Replaces plugins.json <c>hotReload</c> when set.</summary>
    public bool? HotReload { get; set; }
}

public sealed class DatabaseOptions
{
    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>For postgres, an Npgsql connection string; for sqlite, optional (default: the home folder's features.db).</summary>
    public string? ConnectionString { get; set; }
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
}
