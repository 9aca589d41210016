using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Features.PluginSdk;

/// <summary>
/// The output columns of a kernel, declared through typed handles, in order: each handle knows its column's
/// position, so a kernel never numbers columns. For fixed outputs declare the list and its handles as static
/// fields, the list first (static initialisers run in textual order):
/// <code>
/// private static readonly OutputList Outputs = new();
/// private static readonly FloatOutput Rsi = Outputs.Float("rsi", "Relative Strength Index, 0..100.");
/// </code>
/// For outputs that depend on the parameters build a list per parameter set (the same way in
/// <c>OutputColumns</c> and in the kernel) and keep its handles in an array.
/// </summary>
public sealed class OutputList
{
    private readonly List<OutputColumn> _columns = [];
    private readonly List<OutputHandle> _handles = [];

    /// <summary>The columns, in declaration order (for <see cref="PluginDescriptor.Outputs"/> and <c>OutputColumns</c>).</summary>
    public IReadOnlyList<OutputColumn> Columns => _columns;

    /// <summary>The handles, in declaration order.</summary>
    public IReadOnlyList<OutputHandle> Handles => _handles;

    /// <summary>Number of columns.</summary>
    public int Count => _columns.Count;

    /// <summary>Declares a float64 column (NaN is null).</summary>
    public FloatOutput Float(string name, string description) => Add(new FloatOutput(this, _columns.Count, OutputColumn.Float(name, description)));

    /// <summary>Declares a float64 column in <paramref name="unit"/>, e.g. <see cref="OutputUnit.Price"/> for a moving average (SDK 1.3.0).</summary>
    public FloatOutput Float(string name, string description, OutputUnit unit) => Add(new FloatOutput(this, _columns.Count, OutputColumn.Float(name, description, unit)));

    /// <summary>Declares a boolean column.</summary>
    public BoolOutput Bool(string name, string description) => Add(new BoolOutput(this, _columns.Count, OutputColumn.Bool(name, description)));

    /// <summary>Declares an int32 column.</summary>
    public IntOutput Int(string name, string description) => Add(new IntOutput(this, _columns.Count, OutputColumn.Int(name, description)));

    /// <summary>
    /// Declares a string column whose values are the members of <typeparamref name="TEnum"/> (their
    /// <see cref="EnumText{TEnum}"/> strings, which the descriptor lists as the column's categories).
    /// </summary>
    public CategoryOutput<TEnum> Category<TEnum>(string name, string description) where TEnum : struct, Enum =>
        Add(new CategoryOutput<TEnum>(this, _columns.Count, OutputColumn.Category(name, EnumText<TEnum>.Names, description)));

    private T Add<T>(T handle) where T : OutputHandle
    {
        _columns.Add(handle.Column);
        _handles.Add(handle);
        return handle;
    }
}

/// <summary>A declared output column: its position in its <see cref="OutputList"/> and its description.</summary>
public abstract class OutputHandle
{
    private protected OutputHandle(OutputList list, int index, OutputColumn column)
    {
        List = list;
        Index = index;
        Column = column;
    }

    /// <summary>The list that declared it; a kernel accepts only its own list's handles.</summary>
    public OutputList List { get; }

    /// <summary>Position in <see cref="List"/>.</summary>
    public int Index { get; }

    /// <summary>The column as the descriptor lists it.</summary>
    public OutputColumn Column { get; }

    /// <summary>The column name.</summary>
    public string Name => Column.Name;

    /// <summary>
    /// <see cref="Index"/>, after checking the handle is <paramref name="list"/>'s. Small enough to inline into a
    /// per-row <c>Set</c>: the message is built out of line, only when the check fails.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int IndexIn(OutputList list)
    {
        if (!ReferenceEquals(List, list)) ThrowForeign(this);
        return Index;
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowForeign(OutputHandle output) =>
        throw new ArgumentException($"output '{output.Name}' belongs to another kernel's output list", nameof(output));
}

/// <summary>A float64 output: the kernel writes doubles, NaN for null.</summary>
public sealed class FloatOutput : OutputHandle
{
    internal FloatOutput(OutputList list, int index, OutputColumn column) : base(list, index, column)
    {
    }
}

/// <summary>A boolean output, written through <see cref="BoolColumn"/>.</summary>
public sealed class BoolOutput : OutputHandle
{
    internal BoolOutput(OutputList list, int index, OutputColumn column) : base(list, index, column)
    {
    }
}

/// <summary>An int32 output, written through <see cref="IntColumn"/>.</summary>
public sealed class IntOutput : OutputHandle
{
    internal IntOutput(OutputList list, int index, OutputColumn column) : base(list, index, column)
    {
    }
}

/// <summary>A string output whose values are the members of <typeparamref name="TEnum"/>, written through <see cref="CategoryColumn{TEnum}"/>.</summary>
public sealed class CategoryOutput<TEnum> : OutputHandle where TEnum : struct, Enum
{
    internal CategoryOutput(OutputList list, int index, OutputColumn column) : base(list, index, column)
    {
    }
}
