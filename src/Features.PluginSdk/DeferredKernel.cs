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
    private readonly int _width;
    // Pending rows, row-major: row r is [r * _width, (r + 1) * _width). A row is written in place (by Emit's copy
    // or, for the typed kernel, by handle into its open slot) and transposed into column buffers once per batch.
    private double[] _pending;
    private int _count;
    private bool _slotOpen;

    /// <summary>Creates the kernel for the given output columns (in order).</summary>
    protected DeferredKernel(IReadOnlyList<OutputColumn> outputs)
    {
        _outputs = outputs;
        _schema = OutputSchema.For(outputs);
        _width = outputs.Count;
        _pending = new double[Math.Max(1, _width) * 256];
    }

    /// <summary>Consumes one batch of bars.</summary>
    protected abstract void Consume(in BarSpans bars);

    /// <summary>Emits every row not yet emitted, using the bars seen so far.</summary>
    protected abstract void Finish();

    /// <summary>Emits the next row: one value per output column (NaN for null).</summary>
    protected void Emit(ReadOnlySpan<double> row)
    {
        row[.._width].CopyTo(Slot());
        _slotOpen = false;
        _count++;
    }

    /// <summary>The next row's storage, every value null, to be written in place and then <see cref="CommitRow"/>ted.</summary>
    internal Span<double> OpenRow()
    {
        var slot = Slot();
        slot.Fill(double.NaN);
        _slotOpen = true;
        return slot;
    }

    /// <summary>Emits the row <see cref="OpenRow"/> handed out.</summary>
    internal void CommitRow()
    {
        if (!_slotOpen) throw new InvalidOperationException("each Emit(row) needs its own NextRow()");
        _slotOpen = false;
        _count++;
    }

    // Room for `rows` more rows, from the pool: sized once per batch, so a series' kernel does not grow its row buffer
    // by doubling (about 5 B/bar for a 5-column kernel over a million bars); Dispose gives it back for the next kernel.
    private void Reserve(int rows)
    {
        var length = (_count + rows) * _width;
        if (_pending.Length >= length) return;
        var bigger = OutputBuffers.Rent(length, zeroed: false);
        _pending.AsSpan(0, _count * _width).CopyTo(bigger);
        OutputBuffers.Return(_pending);
        _pending = bigger;
    }

    private Span<double> Slot()
    {
        if ((_count + 1) * _width > _pending.Length) Reserve(Math.Max(1, _count)); // more held than a batch: double
        return _pending.AsSpan(_count * _width, _width);
    }

    /// <inheritdoc />
    public RecordBatch Process(RecordBatch bars)
    {
        if (bars.Length > 0)
        {
            Reserve(bars.Length);
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
        var n = _count;
        var buffers = new double[_width][];
        for (var c = 0; c < _width; c++)
        {
            var column = buffers[c] = OutputBuffers.Rent(n, zeroed: false);
            for (int r = 0, at = c; r < n; r++, at += _width) column[r] = _pending[at];
        }
        _count = 0;
        _slotOpen = false;
        // Pooled buffers, every value written above: the batch takes them over without a copy and gives them back
        // when disposed (fresh 64k-row arrays each batch cost look-ahead kernels more in page faults than their arithmetic).
        return OutputSchema.Adopt(_schema, _outputs, buffers, n);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        OutputBuffers.Return(_pending);
        _pending = [];
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources a subclass holds.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
