namespace Features.Host.TrainingSets;

/// <summary>
/// The label of each row with its span [label_start, label_end] as bar stamps (<see cref="NoStamp"/> for
/// null). <see cref="Incomplete"/> marks rows whose label needs bars past the end of the data.
/// </summary>
public sealed class LabelColumn(int rows)
{
    public const long NoStamp = long.MinValue;

    public double[] Value { get; } = new double[rows];
    public long[] Start { get; } = new long[rows];
    public long[] End { get; } = new long[rows];
    public bool[] Incomplete { get; } = new bool[rows];

    public int Count => Value.Length;

    public void Set(int row, double value, long start, long end)
    {
        Value[row] = value;
        Start[row] = start;
        End[row] = end;
    }

    public void SetIncomplete(int row, long start)
    {
        Set(row, double.NaN, start, NoStamp);
        Incomplete[row] = true;
    }
}
