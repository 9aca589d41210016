namespace Features.PluginSdk;

/// <summary>Which earlier events the first bar fed to a kernel receives.</summary>
public enum EventHistory
{
    /// <summary>
    /// Only the events known after the close of the bar before it in the store (minus the latency): exactly what that
    /// bar gets in a longer read, so a value does not depend on where reading started. When no bar precedes it, every
    /// earlier event. Right for per-bar counts and means (news).
    /// </summary>
    SincePreviousBar,

    /// <summary>Every event known before its close (minus the latency): right for state that lasts (the latest filing's value).</summary>
    All,
}

/// <summary>
/// Events a kernel reads, by role: of <paramref name="Kind"/> (<see cref="EventKinds"/>) for <paramref name="Symbol"/>
/// (null: the feature's symbol; for <see cref="EventKinds.Lexicon"/> the lexicon's name), each delivered with the first bar
/// whose close minus <paramref name="Latency"/> is strictly after the event's <see cref="IPointInTimeEvent.KnownAt"/>.
/// </summary>
public sealed record EventSeriesRequest(string Role, string Kind, string? Symbol = null, TimeSpan Latency = default,
    EventHistory History = EventHistory.SincePreviousBar);
