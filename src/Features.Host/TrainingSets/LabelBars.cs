namespace Features.Host.TrainingSets;

/// <summary>
/// One symbol's bars as the labeler sees them: <see cref="FirstRow"/> bars of history, then the row bars,
/// then as many later bars as the store has (up to the label's look-ahead). <see cref="FeatureValues"/> is a
/// feature label's column joined onto these same bars (null for return labels).
/// </summary>
public sealed record LabelBars(long[] Timestamps, double[] Open, double[] High, double[] Low, double[] Close, int FirstRow, int RowCount)
{
    public double[]? FeatureValues { get; init; }

    public int Length => Timestamps.Length;
}
