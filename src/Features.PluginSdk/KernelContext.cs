namespace Features.PluginSdk;

/// <summary>What a kernel is created with.</summary>
public sealed class KernelContext
{
    /// <summary>Validated parameters, defaults filled in.</summary>
    public required ParameterValues Parameters { get; init; }
    /// <summary>The symbol being computed.</summary>
    public string Symbol { get; init; } = "";
    /// <summary>The timeframe code, e.g. <c>1d</c>.</summary>
    public string Timeframe { get; init; } = "1d";
    /// <summary>The nominal length of one bar of <see cref="Timeframe"/>.</summary>
    public TimeSpan BarInterval { get; init; } = TimeSpan.FromDays(1);
    /// <summary>The auxiliary series the plugin asked for, by role, each read forward in time order.</summary>
    public IReadOnlyDictionary<string, IAuxiliarySeries> Auxiliary { get; init; } = new Dictionary<string, IAuxiliarySeries>();
    /// <summary>The event streams the plugin asked for (<see cref="IFeaturePlugin.EventSeries"/>), by role; open one with <see cref="EventInput{TEvent}.Open"/>.</summary>
    public IReadOnlyDictionary<string, EventFeed> Events { get; init; } = new Dictionary<string, EventFeed>();
    /// <summary>Signalled when the host gives up on the computation (time budget, client gone).</summary>
    public CancellationToken CancellationToken { get; init; }
}

/// <summary>One OHLCV bar; <see cref="Timestamp"/> is Unix microseconds, UTC.</summary>
public readonly record struct Bar(long Timestamp, double Open, double High, double Low, double Close, double Volume);

/// <summary>
/// A forward-only cursor over an auxiliary series in time order. A kernel that must never see the
/// future advances it only while the next bar's timestamp is at or before the bar it computes.
/// </summary>
public interface IAuxiliarySeries
{
    /// <summary>The series' symbol.</summary>
    string Symbol { get; }
    /// <summary>The series' timeframe.</summary>
    string Timeframe { get; }
    /// <summary>Looks at the next bar without consuming it; false at the end.</summary>
    bool TryPeek(out Bar bar);
    /// <summary>Consumes the bar last returned by <see cref="TryPeek"/>.</summary>
    void Advance();
}
