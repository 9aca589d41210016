namespace Features.PluginSdk;

/// <summary>
/// A <see cref="BarKernel"/> whose outputs are reached by handle (<see cref="OutputList"/>), never by column number.
/// Implement <see cref="Compute(in BarSpans, in KernelOutputs)"/>: look each column up once
/// (<c>var rsi = outputs[Rsi];</c>), then loop over the bars. Float, boolean and int32 columns start at zero,
/// category columns at null. Same batching, buffers and cost as <see cref="BarKernel"/>.
/// </summary>
public abstract class FeatureKernel : BarKernel
{
    private readonly OutputList _outputs;
    private readonly int[] _categoryColumns;

    /// <summary>Creates the kernel for the columns of <paramref name="outputs"/>.</summary>
    protected FeatureKernel(OutputList outputs) : base(outputs.Columns)
    {
        _outputs = outputs;
        _categoryColumns = [.. outputs.Handles.Where(h => h.Column.Type == ColumnType.String).Select(h => h.Index)];
    }

    /// <summary>Computes one batch, writing one value per bar into each column.</summary>
    protected abstract void Compute(in BarSpans bars, in KernelOutputs outputs);

    /// <inheritdoc />
    protected sealed override void Compute(in BarSpans bars, double[][] outputs)
    {
        foreach (var c in _categoryColumns)
        {
            outputs[c].AsSpan(0, bars.Length).Fill(double.NaN);
        }
        Compute(bars, new KernelOutputs(_outputs, outputs, bars.Length));
    }
}

/// <summary>
/// A <see cref="DeferredKernel"/> whose rows are written by handle: <c>var row = NextRow(); row.Set(Line, v);
/// row.Set(PointType, ZigzagPoint.High); Emit(row);</c>. Columns a row does not set are null.
/// </summary>
public abstract class DeferredFeatureKernel : DeferredKernel
{
    private readonly OutputList _outputs;

    /// <summary>Creates the kernel for the columns of <paramref name="outputs"/>.</summary>
    protected DeferredFeatureKernel(OutputList outputs) : base(outputs.Columns)
    {
        _outputs = outputs;
    }

    /// <summary>
    /// The next output row, every column null, to fill and <see cref="Emit(in OutputRow)"/>. It is written in place
    /// in the pending batch (no copy); a second call before Emit clears and hands out the same row again.
    /// </summary>
    protected OutputRow NextRow() => new(_outputs, OpenRow());

    /// <summary>Emits the row <see cref="NextRow"/> handed out; each Emit needs its own NextRow.</summary>
#pragma warning disable CA1822, IDE0060 // the row argument ties Emit to the row written; the row already sits in place
    protected void Emit(in OutputRow row) => CommitRow();
#pragma warning restore CA1822, IDE0060
}

/// <summary>One output row of a <see cref="DeferredFeatureKernel"/>, written by handle.</summary>
public readonly ref struct OutputRow
{
    private readonly OutputList _list;
    private readonly Span<double> _values;

    internal OutputRow(OutputList list, Span<double> values)
    {
        _list = list;
        _values = values;
    }

    /// <summary>Sets a float64 column (NaN for null).</summary>
    public void Set(FloatOutput output, double value) => _values[Check(output)] = value;

    /// <summary>Sets a boolean column (null for null).</summary>
    public void Set(BoolOutput output, bool? value) => _values[Check(output)] = value is { } v ? (v ? 1 : 0) : double.NaN;

    /// <summary>Sets an int32 column (null for null).</summary>
    public void Set(IntOutput output, int? value) => _values[Check(output)] = value ?? double.NaN;

    /// <summary>Sets a category column (null for null).</summary>
    public void Set<TEnum>(CategoryOutput<TEnum> output, TEnum? value) where TEnum : struct, Enum =>
        _values[Check(output)] = value is { } v ? EnumText<TEnum>.Index(v) : double.NaN;

    private int Check(OutputHandle output) => output.IndexIn(_list);
}
