using Features.PluginSdk;

namespace Features.Plugins.Macro.Common;

/// <summary>
/// Pairs a benchmark series with the main bars on equal timestamps. Benchmark bars older than the
/// current main bar are skipped; a later one stays in the cursor for a later main bar.
/// </summary>
internal sealed class MatchedSeries(IAuxiliarySeries cursor)
{
    /// <summary>The benchmark bar stamped exactly <paramref name="barTimestamp"/>, if there is one.</summary>
    public bool TryMatch(long barTimestamp, out Bar bar)
    {
        while (cursor.TryPeek(out bar))
        {
            if (bar.Timestamp > barTimestamp)
            {
                break;
            }
            cursor.Advance();
            if (bar.Timestamp == barTimestamp)
            {
                return true;
            }
        }
        bar = default;
        return false;
    }
}
