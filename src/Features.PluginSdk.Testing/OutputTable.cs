namespace Features.PluginSdk.Testing;

/// <summary>
/// A plugin's output over a series: one list per column, one entry per bar. Float, int and boolean columns
/// hold <see cref="double"/> (booleans as 0 and 1), string columns <see cref="string"/>, and a null entry is a
/// missing value.
/// </summary>
public sealed class OutputTable(IReadOnlyList<string> names, IReadOnlyList<IReadOnlyList<object?>> columns)
{
    /// <summary>The column names, in the plugin's order.</summary>
    public IReadOnlyList<string> Names => names;

    /// <summary>The number of rows (one per input bar).</summary>
    public int RowCount => columns.Count == 0 ? 0 : columns[0].Count;

    /// <summary>The values of a column.</summary>
    public IReadOnlyList<object?> this[string name] =>
        columns[IndexOf(name) is var i and >= 0 ? i : throw new KeyNotFoundException($"no output column '{name}' (columns: {string.Join(", ", names)})")];

    /// <summary>The values of the column at <paramref name="index"/>.</summary>
    public IReadOnlyList<object?> Column(int index) => columns[index];

    private int IndexOf(string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name) return i;
        }
        return -1;
    }
}
