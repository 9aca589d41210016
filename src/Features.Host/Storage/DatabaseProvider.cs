namespace Features.Host.Storage;

/// <summary>Which relational database holds definitions, datasets and bars.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The database the host was configured with.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString);
