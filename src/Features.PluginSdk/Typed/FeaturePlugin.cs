namespace Features.PluginSdk;

/// <summary>
/// A plugin whose parameters are a typed class (<typeparamref name="TParameters"/>, properties marked
/// <see cref="ParameterAttribute"/>) and whose outputs are typed handles (<see cref="OutputList"/>). The base class
/// lists the parameters in <see cref="Descriptor"/> (the same <see cref="ParameterSpec"/>s a hand-written list would
/// give) and binds the host's <see cref="ParameterValues"/> to a <typeparamref name="TParameters"/> for every rule,
/// so no parameter name is written as a string. It implements <see cref="IFeaturePlugin"/>: the host sees no difference.
/// </summary>
public abstract class FeaturePlugin<TParameters> : IFeaturePlugin where TParameters : class, new()
{
    /// <summary>
    /// Takes the descriptor without its parameters (leave <see cref="PluginDescriptor.Parameters"/> empty; they come
    /// from <typeparamref name="TParameters"/>).
    /// </summary>
    protected FeaturePlugin(PluginDescriptor descriptor)
    {
        if (descriptor.Parameters.Count > 0)
        {
            throw new ArgumentException($"{descriptor.Key}: declare parameters in {typeof(TParameters).Name}, not in the descriptor", nameof(descriptor));
        }
        Descriptor = new PluginDescriptor
        {
            Key = descriptor.Key,
            Type = descriptor.Type,
            Version = descriptor.Version,
            Description = descriptor.Description,
            Parameters = ParameterBinder<TParameters>.Specs,
            Outputs = descriptor.Outputs,
            InputColumns = descriptor.InputColumns,
            WarmupRule = descriptor.WarmupRule,
            LookAheadRule = descriptor.LookAheadRule,
        };
    }

    /// <inheritdoc />
    public PluginDescriptor Descriptor { get; }

    /// <summary>Binds validated values (what the host passes) to <typeparamref name="TParameters"/>.</summary>
    public static TParameters Bind(ParameterValues values) => ParameterBinder<TParameters>.Bind(values);

    /// <summary>The wire name of a parameter: <c>NameOf(nameof(p.FastPeriod))</c> → <c>fast_period</c>.</summary>
    protected static string NameOf(string propertyName) => ParameterBinder<TParameters>.NameOf(propertyName);

    /// <summary>An error on a parameter named by its property: <c>Error(nameof(p.FastPeriod), "...")</c>.</summary>
    protected static ParameterError Error(string propertyName, string message) => new(NameOf(propertyName), message);

    /// <summary>How many bars before <c>start_date</c> the kernel needs.</summary>
    protected abstract int WarmupBars(TParameters parameters);

    /// <summary>How many later bars a value depends on; 0 unless the plugin looks ahead.</summary>
    protected virtual int LookAheadBars(TParameters parameters) => 0;

    /// <summary>The output columns for these parameters; the descriptor's unless they depend on the parameters.</summary>
    protected virtual IReadOnlyList<OutputColumn> OutputColumns(TParameters parameters) => Descriptor.Outputs;

    /// <summary>
    /// The series the kernel reads besides its bars (declare each role once as an <see cref="AuxiliaryInput"/>).
    /// Event inputs (news, fundamentals) have <see cref="EventSeries"/>.
    /// </summary>
    protected virtual IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(TParameters parameters) => [];

    /// <summary>The event streams the kernel reads (declare each role once as an <see cref="EventInput{TEvent}"/>).</summary>
    protected virtual IReadOnlyList<EventSeriesRequest> EventSeries(TParameters parameters) => [];

    /// <summary>Checks across parameters (ranges of single parameters are data already); name them with <see cref="Error"/>.</summary>
    protected virtual IEnumerable<ParameterError> Validate(TParameters parameters) => [];

    /// <summary>Creates a fresh kernel for one series.</summary>
    protected abstract IFeatureKernel CreateKernel(TParameters parameters, KernelContext context);

    int IFeaturePlugin.WarmupBars(ParameterValues parameters) => WarmupBars(Bind(parameters));

    int IFeaturePlugin.LookAheadBars(ParameterValues parameters) => LookAheadBars(Bind(parameters));

    IReadOnlyList<OutputColumn> IFeaturePlugin.OutputColumns(ParameterValues parameters) => OutputColumns(Bind(parameters));

    IReadOnlyList<AuxiliarySeriesRequest> IFeaturePlugin.AuxiliarySeries(ParameterValues parameters) => AuxiliarySeries(Bind(parameters));

    IReadOnlyList<EventSeriesRequest> IFeaturePlugin.EventSeries(ParameterValues parameters) => EventSeries(Bind(parameters));

    IEnumerable<ParameterError> IFeaturePlugin.Validate(ParameterValues parameters) => Validate(Bind(parameters));

    IFeatureKernel IFeaturePlugin.CreateKernel(KernelContext context) => CreateKernel(Bind(context.Parameters), context);
}

/// <summary>
/// An auxiliary series a plugin reads, declared once by role:
/// <c>static readonly AuxiliaryInput Benchmark = new("benchmark");</c>, requested with <see cref="For"/> and opened
/// in the kernel with <see cref="Open"/>, so the role string is written once.
/// </summary>
public sealed class AuxiliaryInput(string role)
{
    /// <summary>The role the host keys the series by.</summary>
    public string Role { get; } = role;

    /// <summary>The request for <paramref name="symbol"/> (timeframe null: the feature's, else the only one stored).</summary>
    public AuxiliarySeriesRequest For(string symbol, string? timeframe = null) => new(Role, symbol, timeframe);

    /// <summary>The cursor the host opened for this role; a clear error when it is missing.</summary>
    public IAuxiliarySeries Open(KernelContext context) =>
        context.Auxiliary.TryGetValue(Role, out var series)
            ? series
            : throw new InvalidOperationException(
                $"auxiliary series '{Role}' was not provided to the kernel (symbol {context.Symbol}, timeframe {context.Timeframe})");
}
