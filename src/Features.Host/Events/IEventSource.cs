using Features.Host.MarketData;
using Features.PluginSdk;

namespace Features.Host.Events;

/// <summary>
/// Where the events of one kind come from (news items, filing facts). Reads go through the caller's catalog, so inside
/// a <see cref="BarSnapshot"/> they see the same committed state as the bars. docs/EVENTS.md has the contract.
/// </summary>
public interface IEventSource
{
    /// <summary>The kind it serves (<see cref="EventKinds"/>).</summary>
    string Kind { get; }

    /// <summary>Part of the plan-cache key: a text that changes whenever any event of <paramref name="symbol"/> is added or changed.</summary>
    Task<string> RevisionAsync(ISeriesCatalog catalog, string symbol, CancellationToken ct);

    /// <summary>
    /// The events of <paramref name="symbol"/> known in [<paramref name="knownFrom"/>, <paramref name="knownBefore"/>) (Unix
    /// microseconds), in a deterministic order: by <see cref="IPointInTimeEvent.KnownAt"/>, ties by the event's unique key.
    /// </summary>
    Task<IReadOnlyList<IPointInTimeEvent>> ReadAsync(ISeriesCatalog catalog, string symbol, long knownFrom, long knownBefore, CancellationToken ct);
}
