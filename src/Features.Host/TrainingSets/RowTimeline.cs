namespace Features.Host.TrainingSets;

/// <summary>
/// What the split planner needs of the written file, recorded while it is written: the distinct timestamps with
/// the first row of each (rows are sorted by timestamp), and every row's label span. 16 bytes a row.
/// </summary>
public sealed class RowTimeline
{
    private readonly List<long> _stamps = [];
    private readonly List<long> _firstRow = [];
    private readonly List<long> _labelStart = [];
    private readonly List<long> _labelEnd = [];

    public int TimestampCount => _stamps.Count;
    public long RowCount => _labelStart.Count;

    public long Timestamp(int index) => _stamps[index];

    /// <summary>First row of timestamp <paramref name="index"/>; <see cref="RowCount"/> for index = <see cref="TimestampCount"/>.</summary>
    public long FirstRow(int index) => index == _stamps.Count ? RowCount : _firstRow[index];

    /// <summary>The span a row's label looks at as a closed interval; an unknown start is the row's own bar, an unknown end is open-ended.</summary>
    public (long Start, long End) Span(long row, long rowTimestamp)
    {
        var start = _labelStart[(int)row];
        var end = _labelEnd[(int)row];
        return (start == LabelColumn.NoStamp ? rowTimestamp : start, end == LabelColumn.NoStamp ? long.MaxValue : end);
    }

    public void Add(long timestamp, long labelStart, long labelEnd)
    {
        if (_stamps.Count == 0 || _stamps[^1] != timestamp)
        {
            if (_stamps.Count > 0 && timestamp < _stamps[^1]) throw new InvalidOperationException("rows must arrive sorted by timestamp");
            _stamps.Add(timestamp);
            _firstRow.Add(RowCount);
        }
        _labelStart.Add(labelStart);
        _labelEnd.Add(labelEnd);
    }

    public void Add(RowBlock block)
    {
        for (var r = 0; r < block.Count; r++) Add(block.Timestamp[r], block.LabelStart[r], block.LabelEnd[r]);
    }
}
