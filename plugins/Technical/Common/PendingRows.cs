using System.Diagnostics;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Common;

/// <summary>
/// Rows a look-ahead kernel still holds back, addressed by absolute bar index and editable until released.
/// A row holds one cell per output of the kernel's <see cref="OutputList"/>, written by handle and laid out in
/// the list's order, so <see cref="OldestOutputs"/> is a whole output row that the kernel emits with one copy
/// (no per-row <c>NextRow()</c> and handle-checked <c>Set</c> per column); after the outputs come
/// <c>scratch</c> cells the kernel keeps per bar (a close it needs later). A ring that grows only if more rows
/// are held than its initial capacity: memory is bounded by what is held, never by the series length.
/// </summary>
internal sealed class PendingRows
{
    private readonly OutputList _outputs;
    private readonly int _width;
    private double[] _cells;
    private int _capacity;

    public PendingRows(OutputList outputs, int capacity, int scratch = 0)
    {
        _outputs = outputs;
        _width = outputs.Count + scratch;
        _capacity = Math.Max(1, capacity);
        _cells = new double[_width * _capacity];
    }

    /// <summary>Absolute index of the oldest held row.</summary>
    public long First { get; private set; }

    /// <summary>Absolute index the next added row gets.</summary>
    public long Next { get; private set; }

    public int Count => (int)(Next - First);

    /// <summary>Appends a row of NaN (every output null, every scratch cell NaN) and returns its absolute index.</summary>
    public long Add()
    {
        if (Count == _capacity) Grow();
        Row(Next).Fill(double.NaN);
        return Next++;
    }

    /// <summary>A float output's cell of a held row (NaN is null).</summary>
    public ref double this[long row, FloatOutput output] => ref _cells[Slot(row) * _width + Own(output)];

    /// <summary>Sets an int output's cell of a held row (null for null).</summary>
    public void Set(long row, IntOutput output, int? value) => _cells[Slot(row) * _width + Own(output)] = value ?? double.NaN;

    /// <summary>Sets a category output's cell of a held row (null for null), as <c>OutputRow.Set</c> would.</summary>
    public void Set<TEnum>(long row, CategoryOutput<TEnum> output, TEnum? value) where TEnum : struct, Enum =>
        _cells[Slot(row) * _width + Own(output)] = value is { } v ? EnumText<TEnum>.Index(v) : double.NaN;

    /// <summary>Scratch cell <paramref name="cell"/> (0-based, after the outputs) of a held row.</summary>
    public ref double Scratch(long row, int cell) => ref _cells[Slot(row) * _width + _outputs.Count + cell];

    /// <summary>The oldest held row's output cells, in the list's order: emit it, then call <see cref="RemoveOldest"/>.</summary>
    public ReadOnlySpan<double> OldestOutputs => _cells.AsSpan(Slot(First) * _width, _outputs.Count);

    public void RemoveOldest() => First++;

    private Span<double> Row(long row) => _cells.AsSpan(Slot(row) * _width, _width);

    private int Slot(long row) => (int)(row % _capacity);

    // Only this pack's kernels use it, each with its own static handles: checked in Debug builds (the tests run
    // them), as the statistical pack's WindowRow is, since a check per cell costs a 20 ns/bar kernel like dpo a few percent.
    private int Own(OutputHandle output)
    {
        Debug.Assert(ReferenceEquals(output.List, _outputs), $"output '{output.Name}' belongs to another kernel's output list");
        return output.Index;
    }

    private void Grow()
    {
        var size = _capacity * 2;
        var bigger = new double[_width * size];
        for (var r = First; r < Next; r++)
        {
            _cells.AsSpan(Slot(r) * _width, _width).CopyTo(bigger.AsSpan((int)(r % size) * _width, _width));
        }
        _cells = bigger;
        _capacity = size;
    }
}
