using Features.PluginSdk;

namespace Features.Plugins.Macro.Common;

/// <summary>
/// Point-in-time view of an auxiliary series: an observation stamped t becomes usable at bars stamped
/// t + lag or later, and the cursor is never advanced past what is usable, so no future value is seen.
/// </summary>
internal sealed class AsOfSeries(IAuxiliarySeries cursor, TimeSpan lag)
{
    private readonly long _lagMicros = lag.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>True once at least one observation has been usable.</summary>
    public bool HasValue { get; private set; }
    /// <summary>The close of the latest usable observation.</summary>
    public double Value { get; private set; } = double.NaN;
    /// <summary>The timestamp (µs) of the latest usable observation.</summary>
    public long ObservedAt { get; private set; }

    /// <summary>Consumes the next observation if it is usable at <paramref name="barTimestamp"/>.</summary>
    public bool TryTakeNext(long barTimestamp, out Bar observation)
    {
        // Compare as t <= bar - lag so a huge lag cannot overflow t + lag.
        if (cursor.TryPeek(out observation) && observation.Timestamp <= barTimestamp - _lagMicros)
        {
            cursor.Advance();
            HasValue = true;
            Value = observation.Close;
            ObservedAt = observation.Timestamp;
            return true;
        }
        observation = default;
        return false;
    }

    /// <summary>Consumes every observation usable at <paramref name="barTimestamp"/>; returns how many.</summary>
    public int CatchUp(long barTimestamp)
    {
        var taken = 0;
        while (TryTakeNext(barTimestamp, out _))
        {
            taken++;
        }
        return taken;
    }
}
