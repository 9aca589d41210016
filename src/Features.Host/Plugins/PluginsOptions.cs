namespace Features.Host.Plugins;

/// <summary>The contents of <c>plugins.json</c>.</summary>
public sealed class PluginsOptions
{
    /// <summary>Folders that hold plugin folders (<c>&lt;Name&gt;/&lt;Name&gt;.dll</c>); relative paths are relative to plugins.json.</summary>
    public List<string> Folders { get; set; } = [];

    /// <summary>Watch the folders and load, replace or unload plugins while the host runs.</summary>
    public bool HotReload { get; set; } = true;

    /// <summary>
    /// With hot reload on, how often every root is also rescanned (folder list, and each file's size, times and inode),
    /// in case the file watcher missed a change; 0 turns the rescan off. A changed folder is reloaded within this plus 300 ms.
    /// </summary>
    public double RescanSeconds { get; set; } = 1;

    /// <summary>How long one generate may run a plugin before it is cancelled.</summary>
    public int ComputeTimeoutSeconds { get; set; } = 300;

    /// <summary>Which plugins may load.</summary>
    public PluginTrustOptions Trust { get; set; } = new();
}

/// <summary>Trust policy: <c>any</c> loads every plugin; <c>sha256</c> loads only listed assembly hashes.</summary>
public sealed class PluginTrustOptions
{
    /// <summary><c>any</c> or <c>sha256</c>.</summary>
    public string Mode { get; set; } = "any";

    /// <summary>Allowed SHA-256 hashes (lowercase hex) of plugin entry assemblies when Mode is sha256.</summary>
    public List<string> Sha256 { get; set; } = [];
}
