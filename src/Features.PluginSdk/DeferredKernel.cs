using Apache.Arrow;

namespace Features.PluginSdk;

/// <summary>
/// Base class for look-ahead kernels, whose row for bar t is only final once later bars are seen.
/// Subclasses consume bars in <see cref="Consume"/> and call <see cref="Emit"/> once per bar, in bar
/// order, when that bar's values are final; <see cref="Finish"/> emits the rows still pending at the end.
/// </summary>
public abstract class DeferredKernel : IFeatureKernel
{
    private readonly IReadOnlyList<OutputColumn> _outputs;
    private readonly Schema _schema;
    private readonly List<double>[] _pending;

    /// <summary>Creates the kernel for the given output columns (in order).</summary>
    protected DeferredKernel(IReadOnlyList<OutputColumn> outputs)
    {
        _outputs = outputs;
        _schema = OutputSchema.For(outputs);
        _pending = [.. outputs.Select(_ => new List<double>())];
    }

    /// <summary>Consumes one batch of bars.</summary>
    protected abstract void Consume(in BarSpans bars);

    /// <summary>Emits every row not yet emitted, using the bars seen so far.</summary>
    protected abstract void Finish();

    /// <summary>Emits the next row: one value per output column (NaN for null).</summary>
    protected void Emit(ReadOnlySpan<double> row)
    {
        for (var c = 0; c < _pending.Length; c++)
        {
            _pending[c].Add(row[c]);
        }
    }

    /// <inheritdoc />
    public RecordBatch Process(RecordBatch bars)
    {
        if (bars.Length > 0)
        {
            Consume(BarSpans.From(bars));
        }
        return Drain();
    }

    /// <inheritdoc />
    public RecordBatch? Flush()
    {
        Finish();
        return Drain();
    }

    private RecordBatch Drain()
    {
        var n = _pending.Length == 0 ? 0 : _pending[0].Count;
        var buffers = new double[_pending.Length][];
        for (var c = 0; c < _pending.Length; c++)
        {
            buffers[c] = [.. _pending[c]];
            _pending[c].Clear();
        }
        // Fresh buffers for this batch: the batch takes them over without a copy.
        return OutputSchema.Adopt(_schema, _outputs, buffers, n);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources a subclass holds.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
