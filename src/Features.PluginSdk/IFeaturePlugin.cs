namespace Features.PluginSdk;

/// <summary>
/// A feature plugin. The host discovers every public, non-abstract class implementing this
/// interface with a parameterless constructor in a plugin assembly.
/// </summary>
public interface IFeaturePlugin
{
    /// <summary>The plugin's self-description; must not depend on parameters.</summary>
    PluginDescriptor Descriptor { get; }

    /// <summary>How many bars before <c>start_date</c> the kernel needs to produce its first value at <c>start_date</c>.</summary>
    int WarmupBars(ParameterValues parameters);

    /// <summary>How many later bars a value depends on; 0 for everything that never looks ahead.</summary>
    int LookAheadBars(ParameterValues parameters) => 0;

    /// <summary>The output columns for these parameters (for plugins whose columns depend on parameters).</summary>
    IReadOnlyList<OutputColumn> OutputColumns(ParameterValues parameters) => Descriptor.Outputs;

    /// <summary>Other series the kernel reads (macro series, a benchmark), named by role.</summary>
    IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(ParameterValues parameters) => [];

    /// <summary>Event streams the kernel reads (news items, filing facts), named by role; delivered point in time with the bars.</summary>
    IReadOnlyList<EventSeriesRequest> EventSeries(ParameterValues parameters) => [];

    /// <summary>Checks that span several parameters (e.g. fast_period &lt; slow_period); single-parameter ranges are data in the descriptor.</summary>
    IEnumerable<ParameterError> Validate(ParameterValues parameters) => [];

    /// <summary>Creates a fresh stateful kernel for one series.</summary>
    IFeatureKernel CreateKernel(KernelContext context);
}

/// <summary>A parameter problem, reported to the user as a 422 on <c>parameters.&lt;Parameter&gt;</c>.</summary>
public sealed record ParameterError(string Parameter, string Message);

/// <summary>
/// An auxiliary series a kernel reads. <paramref name="Timeframe"/> null means: the feature's
/// timeframe if the store has it for that symbol, otherwise the only timeframe stored for it.
/// </summary>
public sealed record AuxiliarySeriesRequest(string Role, string Symbol, string? Timeframe = null);
