using Apache.Arrow;

namespace Features.PluginSdk;

/// <summary>One batch of bars as spans of doubles; timestamps are Unix microseconds, UTC.</summary>
public readonly ref struct BarSpans
{
    /// <summary>Wraps the columns of a bar batch.</summary>
    public BarSpans(ReadOnlySpan<long> timestamp, ReadOnlySpan<double> open, ReadOnlySpan<double> high,
        ReadOnlySpan<double> low, ReadOnlySpan<double> close, ReadOnlySpan<double> volume)
    {
        Timestamp = timestamp;
        Open = open;
        High = high;
        Low = low;
        Close = close;
        Volume = volume;
    }

    /// <summary>Bar timestamps (µs since epoch, UTC).</summary>
    public ReadOnlySpan<long> Timestamp { get; }
    /// <summary>Opening prices.</summary>
    public ReadOnlySpan<double> Open { get; }
    /// <summary>High prices.</summary>
    public ReadOnlySpan<double> High { get; }
    /// <summary>Low prices.</summary>
    public ReadOnlySpan<double> Low { get; }
    /// <summary>Closing prices.</summary>
    public ReadOnlySpan<double> Close { get; }
    /// <summary>Volumes.</summary>
    public ReadOnlySpan<double> Volume { get; }
    /// <summary>Number of bars.</summary>
    public int Length => Timestamp.Length;

    /// <summary>Reads the columns of a batch with the <see cref="BarSchema"/> layout.</summary>
    public static BarSpans From(RecordBatch batch) => new(
        ((TimestampArray)batch.Column(0)).Values,
        ((DoubleArray)batch.Column(1)).Values,
        ((DoubleArray)batch.Column(2)).Values,
        ((DoubleArray)batch.Column(3)).Values,
        ((DoubleArray)batch.Column(4)).Values,
        ((DoubleArray)batch.Column(5)).Values);
}

/// <summary>
/// Base class for kernels written over doubles. Subclasses implement <see cref="Compute"/>, writing one
/// value per bar into each output span; NaN means "no value" and becomes an Arrow null. State lives in
/// fields, so it carries across batches. Nothing is allocated per bar; the output buffers are per batch and
/// recycled once the caller disposes the returned batch, so a batch must not be read after its disposal.
/// </summary>
public abstract class BarKernel : IFeatureKernel
{
    private readonly IReadOnlyList<OutputColumn> _outputs;
    private readonly Schema _schema;

    /// <summary>Creates the kernel for the given output columns (in order).</summary>
    protected BarKernel(IReadOnlyList<OutputColumn> outputs)
    {
        _outputs = outputs;
        _schema = OutputSchema.For(outputs);
    }

    /// <summary>Computes one batch: <paramref name="outputs"/>[c][i] is column c at bar i.</summary>
    protected abstract void Compute(in BarSpans bars, double[][] outputs);

    /// <inheritdoc />
    public RecordBatch Process(RecordBatch bars)
    {
        var n = bars.Length;
        var outputs = new double[_outputs.Count][];
        for (var c = 0; c < outputs.Length; c++)
        {
            outputs[c] = OutputBuffers.Rent(n);
        }
        if (n > 0)
        {
            Compute(BarSpans.From(bars), outputs);
        }
        // The buffers were allocated for this batch, so the batch takes them over without a copy.
        return OutputSchema.Adopt(_schema, _outputs, outputs, n);
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
