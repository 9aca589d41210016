using Apache.Arrow;

namespace Features.PluginSdk;

/// <summary>
/// A stateful computation over one series. The host calls <see cref="Process"/> with consecutive
/// bar batches (schema <see cref="BarSchema"/>) and expects a batch of the same length back whose
/// columns are the plugin's output columns, in order. State carries from one call to the next, so
/// the output never depends on how the series was split into batches.
/// </summary>
public interface IFeatureKernel : IDisposable
{
    /// <summary>Turns one bar batch into one output batch of the same length.</summary>
    RecordBatch Process(RecordBatch bars);
}
