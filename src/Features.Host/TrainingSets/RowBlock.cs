namespace Features.Host.TrainingSets;

/// <summary>
/// A block of consecutive timestamps of the whole universe, rows sorted by timestamp then symbol: the unit the
/// cross-sectional processors and the writer work on. Reused from block to block; memory is one block.
/// </summary>
public sealed class RowBlock(int featureCount, int capacity = 1024)
{
    // Rows arrive one at a time but are stored by column: a row written straight into a hundred columns touches a
    // hundred pages (a TLB miss each). Rows wait here side by side and go into the columns a batch at a time.
    private const int StagedRows = 64;
    private readonly double[] _staged = new double[StagedRows * featureCount];
    private int _stagedFrom;
    private int _capacity = capacity;
    private double[][] _features = [.. Enumerable.Range(0, featureCount).Select(_ => new double[capacity])];

    public int Count { get; private set; }
    public int FeatureCount { get; } = featureCount;
    public long[] Timestamp { get; private set; } = new long[capacity];
    public int[] Symbol { get; private set; } = new int[capacity];

    /// <summary>The feature columns, each <see cref="Count"/> rows long (and more capacity).</summary>
    public double[][] Features
    {
        get
        {
            Unstage();
            return _features;
        }
    }

    public double[] Label { get; private set; } = new double[capacity];
    public long[] LabelStart { get; private set; } = new long[capacity];
    public long[] LabelEnd { get; private set; } = new long[capacity];

    public void Clear() => Count = _stagedFrom = 0;

    /// <summary>Appends a row: its stamp, its symbol's index, its feature values in column order, its label and span.</summary>
    public void Add(int symbol, long timestamp, ReadOnlySpan<double> features, double label, long labelStart, long labelEnd)
    {
        if (Count == _capacity) Grow();
        if (Count - _stagedFrom == StagedRows) Unstage();
        Timestamp[Count] = timestamp;
        Symbol[Count] = symbol;
        features.CopyTo(_staged.AsSpan((Count - _stagedFrom) * FeatureCount, FeatureCount));
        Label[Count] = label;
        LabelStart[Count] = labelStart;
        LabelEnd[Count] = labelEnd;
        Count++;
    }

    private void Unstage()
    {
        var rows = Count - _stagedFrom;
        if (rows == 0) return;
        for (var c = 0; c < FeatureCount; c++)
        {
            var column = _features[c].AsSpan(_stagedFrom, rows);
            for (int r = 0, at = c; r < rows; r++, at += FeatureCount) column[r] = _staged[at];
        }
        _stagedFrom = Count;
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
        var features = Features;
        var w = 0;
        for (var r = 0; r < Count; r++)
        {
            if (!keep(r)) continue;
            if (w != r)
            {
                Timestamp[w] = Timestamp[r];
                Symbol[w] = Symbol[r];
                for (var c = 0; c < FeatureCount; c++) features[c][w] = features[c][r];
                Label[w] = Label[r];
                LabelStart[w] = LabelStart[r];
                LabelEnd[w] = LabelEnd[r];
            }
            w++;
        }
        Count = _stagedFrom = w;
    }

    private void Grow()
    {
        Unstage();
        _capacity *= 2;
        Timestamp = Resize(Timestamp);
        Symbol = Resize(Symbol);
        _features = [.. _features.Select(Resize)];
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
