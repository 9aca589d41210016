using Features.Host.Errors;
using Features.Host.Plugins;

namespace Features.Host.Generation;

/// <summary>Plugin code runs behind these: whatever it throws becomes a 500 problem that names the plugin.</summary>
public static class PluginCalls
{
    /// <summary>Runs plugin code outside the kernel; whatever it throws is reported as that plugin's failure.</summary>
    public static T Call<T>(LoadedPlugin plugin, Func<T> f)
    {
        try
        {
            return f();
        }
        catch (Exception e) when (e is not ProblemException)
        {
            throw Failure(plugin, e);
        }
    }

    public static ProblemException Failure(LoadedPlugin plugin, Exception e) =>
        new(500, "Plugin failed", $"plugin '{plugin.Key}' ({plugin.Version}) failed: {e.GetType().Name}: {e.Message}; nothing was stored", null, e);

    public static ProblemException Failure(LoadedPlugin plugin, string what) => Failure(plugin, new InvalidOperationException(what));

    public static ProblemException TimedOut(LoadedPlugin plugin, TimeSpan budget) =>
        new(500, "Plugin timed out", $"plugin '{plugin.Key}' ran past its time budget of {budget.TotalSeconds:0} s and was cancelled; nothing was stored");
}
