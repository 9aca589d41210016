namespace Features.Host.Storage;

/// <summary>The host's home folder (FEATURES_HOME): the SQLite file, the local object folder and temporary files.</summary>
public sealed class FeaturesPaths(string home)
{
    public string Home { get; } = Path.GetFullPath(home);
    public string DatabaseFile => Path.Combine(Home, "features.db");
    public string ObjectsDirectory => Path.Combine(Home, "objects");
    public string TempDirectory => Path.Combine(Home, "tmp");
}
