namespace Features.Host.TrainingSets;

/// <summary>
/// One member dataset of one symbol held in memory: its bar stamps (Unix µs UTC, ascending) on its own
/// timeframe and the columns the training set takes from it (NaN for null). One symbol's series is small;
/// the universe is never held at once.
/// </summary>
public sealed record MemberSeries(string Timeframe, long[] Timestamps, IReadOnlyList<double[]> Columns)
{
    public int Length => Timestamps.Length;
}
