using Apache.Arrow;

namespace Features.PluginSdk;

/// <summary>
/// A stateful computation over one series. The host calls <see cref="Process"/> with consecutive bar
/// batches (schema <see cref="BarSchema"/>) and then <see cref="Flush"/> once. Output rows come back in
/// bar order, one per input bar in all; their columns are the plugin's output columns, in order.
/// State carries from one call to the next, so the output never depends on how the series was split.
/// <para>
/// A causal kernel (<see cref="IFeaturePlugin.LookAheadBars"/> = 0) returns exactly one row per input
/// bar from every <see cref="Process"/> call. A look-ahead kernel may hold rows back until the later
/// bars they depend on have arrived (at most <c>LookAheadBars</c> rows) and returns the rows still held
/// from <see cref="Flush"/>, computed from the bars that exist.
/// </para>
/// </summary>
public interface IFeatureKernel : IDisposable
{
    /// <summary>
    /// Consumes one bar batch and returns the output rows that are final, in order. The batch is lent for this call
    /// and read-only: the host reads bars into reused buffers and hands every kernel of a pass the same ones, so a
    /// kernel copies whatever it keeps for later calls and never writes to its input.
    /// </summary>
    RecordBatch Process(RecordBatch bars);

    /// <summary>Called once after the last batch: returns the rows still held back (null or empty for causal kernels).</summary>
    RecordBatch? Flush() => null;
}
