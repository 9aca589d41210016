namespace Features.Host.TrainingSets;

/// <summary>
/// A block of consecutive timestamps of the whole universe, rows sorted by timestamp then symbol: the unit the
/// cross-sectional processors and the writer work on. Reused from block to block; memory is one block.
/// </summary>
public sealed class RowBlock(int featureCount, int capacity = 1024)
{
    private int _capacity = capacity;

    public int Count { get; private set; }
    public int FeatureCount { get; } = featureCount;
    public long[] Timestamp { get; private set; } = new long[capacity];
    public int[] Symbol { get; private set; } = new int[capacity];
    public double[][] Features { get; private set; } = [.. Enumerable.Range(0, featureCount).Select(_ => new double[capacity])];
    public double[] Label { get; private set; } = new double[capacity];
    public long[] LabelStart { get; private set; } = new long[capacity];
    public long[] LabelEnd { get; private set; } = new long[capacity];

    public void Clear() => Count = 0;

    /// <summary>Appends row <paramref name="row"/> of a symbol's frame.</summary>
    public void Add(int symbol, SymbolFrame frame, int row) =>
        Add(symbol, frame.Timestamps[row], frame.Features, row, frame.Label[row], frame.LabelStart[row], frame.LabelEnd[row]);

    public void Add(int symbol, long timestamp, IReadOnlyList<double[]> features, int row, double label, long labelStart, long labelEnd)
    {
        if (Count == _capacity) Grow();
        Timestamp[Count] = timestamp;
        Symbol[Count] = symbol;
        for (var c = 0; c < FeatureCount; c++) Features[c][Count] = features[c][row];
        Label[Count] = label;
        LabelStart[Count] = labelStart;
        LabelEnd[Count] = labelEnd;
        Count++;
    }

    /// <summary>The value column a processor addresses: feature index, or <see cref="LabelIndex"/>.</summary>
    public double[] Column(int index) => index == LabelIndex ? Label : Features[index];

    public const int LabelIndex = -1;

    /// <summary>Calls <paramref name="run"/> with [start, end) of each timestamp's rows.</summary>
    public void ForEachTimestamp(Action<int, int> run)
    {
        var start = 0;
        for (var i = 1; i <= Count; i++)
        {
            if (i == Count || Timestamp[i] != Timestamp[start])
            {
                run(start, i);
                start = i;
            }
        }
    }

    /// <summary>Keeps the rows for which <paramref name="keep"/> is true, in order.</summary>
    public void Retain(Func<int, bool> keep)
    {
        var w = 0;
        for (var r = 0; r < Count; r++)
        {
            if (!keep(r)) continue;
            if (w != r)
            {
                Timestamp[w] = Timestamp[r];
                Symbol[w] = Symbol[r];
                for (var c = 0; c < FeatureCount; c++) Features[c][w] = Features[c][r];
                Label[w] = Label[r];
                LabelStart[w] = LabelStart[r];
                LabelEnd[w] = LabelEnd[r];
            }
            w++;
        }
        Count = w;
    }

    private void Grow()
    {
        _capacity *= 2;
        Timestamp = Resize(Timestamp);
        Symbol = Resize(Symbol);
        Features = [.. Features.Select(Resize)];
        Label = Resize(Label);
        LabelStart = Resize(LabelStart);
        LabelEnd = Resize(LabelEnd);
    }

    private T[] Resize<T>(T[] array)
    {
        var bigger = new T[_capacity];
        Array.Copy(array, bigger, Count);
        return bigger;
    }
}
