namespace Features.PluginSdk.Testing;

/// <summary>
/// A plugin broke a rule of the contract. The message names the plugin, the check, and where it failed
/// (column, row, batching, input); any test framework reports it as a failure.
/// </summary>
public sealed class ConformanceException : Exception
{
    /// <summary>A failure of <paramref name="check"/> by the plugin <paramref name="pluginKey"/>.</summary>
    public ConformanceException(string pluginKey, string check, string message, Exception? inner = null)
        : base($"{pluginKey}: {check}: {message}", inner)
    {
        PluginKey = pluginKey;
        Check = check;
    }

    /// <summary>The key of the plugin that failed.</summary>
    public string PluginKey { get; }

    /// <summary>The check that failed, in words.</summary>
    public string Check { get; }
}
