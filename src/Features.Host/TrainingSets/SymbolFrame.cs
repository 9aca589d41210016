namespace Features.Host.TrainingSets;

/// <summary>One symbol's finished rows before the cross-section: grid stamps, joined feature columns, label and span.</summary>
public sealed record SymbolFrame(long[] Timestamps, IReadOnlyList<double[]> Features, double[] Label, long[] LabelStart, long[] LabelEnd)
{
    public int Length => Timestamps.Length;

    /// <summary>The frame without its incomplete-label rows (those whose label needs bars past the data).</summary>
    public SymbolFrame WithoutIncompleteLabels()
    {
        var keep = new List<int>(Length);
        for (var i = 0; i < Length; i++) if (LabelEnd[i] != LabelColumn.NoStamp) keep.Add(i);
        if (keep.Count == Length) return this;
        return new SymbolFrame(
            [.. keep.Select(i => Timestamps[i])],
            [.. Features.Select(column => keep.Select(i => column[i]).ToArray())],
            [.. keep.Select(i => Label[i])],
            [.. keep.Select(i => LabelStart[i])],
            [.. keep.Select(i => LabelEnd[i])]);
    }
}
