namespace Features.Host.TrainingSets;

/// <summary>One symbol's finished rows before the cross-section: grid stamps, joined feature columns, label and span.</summary>
public sealed record SymbolFrame(long[] Timestamps, IReadOnlyList<double[]> Features, double[] Label, long[] LabelStart, long[] LabelEnd)
{
    public int Length => Timestamps.Length;

    /// <summary>The frame without its incomplete-label rows (those whose label needs bars past the data).</summary>
    public SymbolFrame WithoutIncompleteLabels()
    {
        var keep = 0;
        for (var i = 0; i < Length; i++) if (LabelEnd[i] != LabelColumn.NoStamp) keep++;
        if (keep == Length) return this;
        var rows = new int[keep];
        for (int i = 0, k = 0; i < Length; i++) if (LabelEnd[i] != LabelColumn.NoStamp) rows[k++] = i;
        return new SymbolFrame(Pick(Timestamps, rows), [.. Features.Select(column => Pick(column, rows))],
            Pick(Label, rows), Pick(LabelStart, rows), Pick(LabelEnd, rows));
    }

    private static T[] Pick<T>(T[] values, int[] rows)
    {
        var picked = new T[rows.Length];
        for (var k = 0; k < rows.Length; k++) picked[k] = values[rows[k]];
        return picked;
    }
}
