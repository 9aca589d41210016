using Features.Host.Generation;
using Features.Host.MarketData;
using Features.PluginSdk;

namespace Features.Host.Events;

/// <summary>
/// One event request of a plan: which events a generate reads (those delivered with some bar it feeds), their part of
/// the plan-cache key, of the fingerprint, and the kernel's feed.
/// </summary>
public sealed record EventPlanInput(EventSeriesRequest Request, string Symbol, IEventSource Source, string Revision, Func<long, long> BarClose)
{
    public string CacheKey => $"|ev:{Request.Kind}:{Symbol}@{Revision}:{Request.Latency.Ticks}:{Request.History}";

    /// <summary>
    /// The events delivered to bars from the first at or after <paramref name="readFrom"/> to <paramref name="lastBar"/>:
    /// known before the last bar's cut-off and, with <see cref="EventHistory.SincePreviousBar"/>, from the cut-off of the bar
    /// before <paramref name="readFrom"/> (if there is one) on.
    /// </summary>
    public async Task<IReadOnlyList<IPointInTimeEvent>> ReadAsync(BarSnapshot snapshot, int seriesId, long readFrom, long lastBar, CancellationToken ct)
    {
        var knownFrom = long.MinValue;
        if (Request.History == EventHistory.SincePreviousBar && await PreviousBarAsync(snapshot, seriesId, readFrom, ct) is { } previous)
        {
            knownFrom = EventFeed.Cutoff(BarClose, previous, Request.Latency);
        }
        return await Source.ReadAsync(snapshot, Symbol, knownFrom, EventFeed.Cutoff(BarClose, lastBar, Request.Latency), ct);
    }

    /// <summary>Appends the events read up to <paramref name="lastBar"/> to the fingerprint (<see cref="EventEncoding"/>).</summary>
    public async Task AppendAsync(BarSnapshot snapshot, SourceFingerprint fingerprint, int seriesId, long readFrom, long lastBar, CancellationToken ct)
    {
        var events = await ReadAsync(snapshot, seriesId, readFrom, lastBar, ct);
        fingerprint.AppendEvents(Request.Kind, Symbol, events);
    }

    /// <summary>The kernel's feed for a pass reading bars before <paramref name="end"/>: what it releases bar by bar.</summary>
    public async Task<EventFeed> OpenAsync(BarSnapshot snapshot, int seriesId, long readFrom, long end, CancellationToken ct)
    {
        // The last bar before end closes no later than a bar stamped end - 1 µs would: a superset the feed cuts bar by bar.
        var events = await ReadAsync(snapshot, seriesId, readFrom, end - 1, ct);
        return EventFeed.Create(Request, Symbol, events, BarClose, previousBar: null);
    }

    private static async Task<long?> PreviousBarAsync(BarSnapshot snapshot, int seriesId, long readFrom, CancellationToken ct)
    {
        var previous = await snapshot.WarmupStartAsync(seriesId, readFrom, 1, ct);
        return previous < readFrom ? previous : null;
    }
}
