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

    /// <summary>The <paramref name="length"/> bars from <paramref name="start"/>.</summary>
    public BarSpans Slice(int start, int length) => new(
        Timestamp.Slice(start, length), Open.Slice(start, length), High.Slice(start, length),
        Low.Slice(start, length), Close.Slice(start, length), Volume.Slice(start, length));

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

    // Bars per Compute call on a larger batch. The kernel writes into scratch columns this long, which stay
    // in cache and are then copied into the batch's buffers while their NaNs are counted. Written directly,
    // each 64k-row column went through memory three times per batch (zeroing, the kernel's writes, the null
    // scan). Kernels give the same results however a batch is split, so this is invisible to them.
    private const int ChunkRows = 4096;

    /// <inheritdoc />
    public RecordBatch Process(RecordBatch bars)
    {
        var n = bars.Length;
        var outputs = new double[_outputs.Count][];
        if (n <= ChunkRows)
        {
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

        var scratch = new double[outputs.Length][];
        var nulls = new int[outputs.Length];
        for (var c = 0; c < outputs.Length; c++)
        {
            // Every value of the batch's buffers is copied in below, so they need no zeroing.
            outputs[c] = OutputBuffers.Rent(n, zeroed: false);
            scratch[c] = OutputBuffers.Rent(ChunkRows, zeroed: false);
        }
        var all = BarSpans.From(bars);
        for (var start = 0; start < n; start += ChunkRows)
        {
            var length = Math.Min(ChunkRows, n - start);
            foreach (var column in scratch)
            {
                System.Array.Clear(column); // kernels may rely on zeros
            }
            Compute(all.Slice(start, length), scratch);
            for (var c = 0; c < outputs.Length; c++)
            {
                nulls[c] += OutputSchema.CopyCountingNaNs(scratch[c].AsSpan(0, length), outputs[c].AsSpan(start, length));
            }
        }
        foreach (var column in scratch)
        {
            OutputBuffers.Return(column);
        }
        return OutputSchema.Adopt(_schema, _outputs, outputs, n, nulls);
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
