using System.Runtime.CompilerServices;

namespace Features.PluginSdk;

/// <summary>
/// The output columns of one <see cref="FeatureKernel.Compute(in BarSpans, in KernelOutputs)"/> call, reached by
/// handle: <c>var rsi = outputs[Rsi];</c> gives the column as a span of exactly one value per bar. Look the columns
/// up once per call, before the bar loop; the lookup checks the handle belongs to this kernel's list.
/// </summary>
public readonly ref struct KernelOutputs
{
    private readonly OutputList _list;
    private readonly double[][] _columns;

    internal KernelOutputs(OutputList list, double[][] columns, int length)
    {
        _list = list;
        _columns = columns;
        Length = length;
    }

    /// <summary>Bars in this call (the length of every column).</summary>
    public int Length { get; }

    /// <summary>A float64 column: write one double per bar, NaN for null.</summary>
    public Span<double> this[FloatOutput output] => Span(output);

    /// <summary>A boolean column.</summary>
    public BoolColumn this[BoolOutput output] => new(Span(output));

    /// <summary>An int32 column.</summary>
    public IntColumn this[IntOutput output] => new(Span(output));

    /// <summary>A category column of <typeparamref name="TEnum"/> members (indexers cannot be generic, hence a method).</summary>
    public CategoryColumn<TEnum> Category<TEnum>(CategoryOutput<TEnum> output) where TEnum : struct, Enum => new(Span(output));

    private Span<double> Span(OutputHandle output) => _columns[output.IndexIn(_list)].AsSpan(0, Length);
}

/// <summary>A boolean output column of one call; unwritten rows are false.</summary>
public readonly ref struct BoolColumn
{
    private readonly Span<double> _values;

    internal BoolColumn(Span<double> values) => _values = values;

    /// <summary>Rows in the column.</summary>
    public int Length => _values.Length;

    /// <summary>Sets row <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set(int i, bool value) => _values[i] = value ? 1 : 0;

    /// <summary>Sets row <paramref name="i"/>, null for null.</summary>
    public void Set(int i, bool? value) => _values[i] = value is { } v ? (v ? 1 : 0) : double.NaN;

    /// <summary>Makes row <paramref name="i"/> null.</summary>
    public void SetNull(int i) => _values[i] = double.NaN;
}

/// <summary>An int32 output column of one call; unwritten rows are 0.</summary>
public readonly ref struct IntColumn
{
    private readonly Span<double> _values;

    internal IntColumn(Span<double> values) => _values = values;

    /// <summary>Rows in the column.</summary>
    public int Length => _values.Length;

    /// <summary>Sets row <paramref name="i"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set(int i, int value) => _values[i] = value;

    /// <summary>Sets row <paramref name="i"/>, null for null.</summary>
    public void Set(int i, int? value) => _values[i] = value ?? double.NaN;

    /// <summary>Makes row <paramref name="i"/> null.</summary>
    public void SetNull(int i) => _values[i] = double.NaN;
}

/// <summary>A category output column of one call; unwritten rows are null.</summary>
public readonly ref struct CategoryColumn<TEnum> where TEnum : struct, Enum
{
    private readonly Span<double> _values;

    internal CategoryColumn(Span<double> values) => _values = values;

    /// <summary>Rows in the column.</summary>
    public int Length => _values.Length;

    /// <summary>Sets row <paramref name="i"/> to a member.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set(int i, TEnum value) => _values[i] = EnumText<TEnum>.Index(value);

    /// <summary>Sets row <paramref name="i"/>, null for null.</summary>
    public void Set(int i, TEnum? value) => _values[i] = value is { } v ? EnumText<TEnum>.Index(v) : double.NaN;

    /// <summary>Makes row <paramref name="i"/> null.</summary>
    public void SetNull(int i) => _values[i] = double.NaN;
}
