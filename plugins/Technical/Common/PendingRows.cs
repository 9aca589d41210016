namespace Features.Plugins.Technical.Common;

/// <summary>
/// Rows a look-ahead kernel still holds back, addressed by absolute bar index and editable until
/// released. A ring of <c>columns</c>-wide rows; it grows only if more rows are held than its initial
/// capacity, so memory stays bounded by what is held, never by the series length.
/// </summary>
internal sealed class PendingRows(int columns, int capacity)
{
    private double[] _cells = new double[columns * Math.Max(1, capacity)];
    private int _capacity = Math.Max(1, capacity);

    /// <summary>Absolute index of the oldest held row.</summary>
    public long First { get; private set; }

    /// <summary>Absolute index the next added row gets.</summary>
    public long Next { get; private set; }

    public int Count => (int)(Next - First);

    /// <summary>Appends a row of NaN (nulls) and returns its absolute index.</summary>
    public long Add()
    {
        if (Count == _capacity) Grow();
        Row(Next).Fill(double.NaN);
        return Next++;
    }

    public bool Holds(long row) => row >= First && row < Next;

    public ref double this[long row, int column] => ref _cells[Slot(row) * columns + column];

    public Span<double> Row(long row) => _cells.AsSpan(Slot(row) * columns, columns);

    /// <summary>The oldest held row, to emit; then call <see cref="RemoveOldest"/>.</summary>
    public ReadOnlySpan<double> Oldest => Row(First);

    public void RemoveOldest() => First++;

    private int Slot(long row) => (int)(row % _capacity);

    private void Grow()
    {
        var bigger = new double[_cells.Length * 2];
        var size = _capacity * 2;
        for (var r = First; r < Next; r++)
        {
            _cells.AsSpan(Slot(r) * columns, columns).CopyTo(bigger.AsSpan((int)(r % size) * columns, columns));
        }
        _cells = bigger;
        _capacity = size;
    }
}
