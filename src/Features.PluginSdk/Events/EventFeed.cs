namespace Features.PluginSdk;

/// <summary>
/// The events of one role as a kernel reads them: <see cref="Take"/> with each bar's timestamp, in bar order, returns the
/// events first known at that bar's close (the events since the previous call). Bars not yet fed to the kernel are out
/// of reach, so no event is seen before its bar.
/// </summary>
public interface IEventStream<TEvent> where TEvent : class, IPointInTimeEvent
{
    /// <summary>The symbol (or lexicon name) the events are of.</summary>
    string Symbol { get; }

    /// <summary>
    /// The events delivered with the bar stamped <paramref name="barTimestamp"/>: known strictly before its close minus
    /// the latency and not delivered with an earlier call, in the order they became known. Throws for a bar the kernel has
    /// not been fed yet, or one earlier than the last call's.
    /// </summary>
    ReadOnlySpan<TEvent> Take(long barTimestamp);
}

/// <summary>
/// What the host (or the conformance kit) holds of a kernel's event stream: it calls <see cref="Release"/> with the
/// last bar of each batch before handing the batch to the kernel. Kernels read through <see cref="IEventStream{TEvent}"/>.
/// </summary>
public abstract class EventFeed
{
    private protected EventFeed(EventSeriesRequest request, string symbol, Func<long, long> barClose)
    {
        Request = request;
        Symbol = symbol;
        BarClose = barClose;
    }

    /// <summary>What the plugin asked for.</summary>
    public EventSeriesRequest Request { get; }

    /// <summary>The symbol the events are of (the request's, or the feature's).</summary>
    public string Symbol { get; }

    /// <summary>The close of the bar stamped t (Unix microseconds).</summary>
    public Func<long, long> BarClose { get; }

    /// <summary>The last bar fed to the kernel; <see cref="long.MinValue"/> before the first batch.</summary>
    public long ReleasedThrough { get; private set; } = long.MinValue;

    /// <summary>How many events the feed holds.</summary>
    public abstract int Count { get; }

    /// <summary>Makes the bars up to <paramref name="lastBarTimestamp"/> readable: call it before feeding a batch ending there.</summary>
    public void Release(long lastBarTimestamp)
    {
        if (lastBarTimestamp > ReleasedThrough) ReleasedThrough = lastBarTimestamp;
    }

    /// <summary>
    /// A feed of <paramref name="events"/> for <paramref name="request"/>, typed by its kind. The events are put in the order
    /// they became known (stable, so the source's order breaks ties). With <see cref="EventHistory.SincePreviousBar"/> and a
    /// <paramref name="previousBar"/> (the bar before the first one fed), events known before that bar's cut-off are dropped.
    /// </summary>
    public static EventFeed Create(EventSeriesRequest request, string symbol, IEnumerable<IPointInTimeEvent> events, Func<long, long> barClose, long? previousBar)
    {
        var kept = events;
        if (request.History == EventHistory.SincePreviousBar && previousBar is { } previous)
        {
            var from = Cutoff(barClose, previous, request.Latency);
            kept = kept.Where(e => e.KnownAt >= from);
        }
        return request.Kind switch
        {
            EventKinds.News => new EventFeed<NewsItem>(request, symbol, kept.Cast<NewsItem>(), barClose),
            EventKinds.Fundamental => new EventFeed<FundamentalFact>(request, symbol, kept.Cast<FundamentalFact>(), barClose),
            EventKinds.Lexicon => new EventFeed<LexiconWord>(request, symbol, kept.Cast<LexiconWord>(), barClose),
            _ => throw new ArgumentException($"unknown event kind '{request.Kind}'", nameof(request)),
        };
    }

    /// <summary>The cut-off of the bar stamped <paramref name="barTimestamp"/>: events known strictly before it are delivered with it.</summary>
    public static long Cutoff(Func<long, long> barClose, long barTimestamp, TimeSpan latency) =>
        barClose(barTimestamp) - latency.Ticks / TimeSpan.TicksPerMicrosecond;
}

/// <summary>An <see cref="EventFeed"/> of <typeparamref name="TEvent"/>; kernels see it as <see cref="IEventStream{TEvent}"/>.</summary>
public sealed class EventFeed<TEvent> : EventFeed, IEventStream<TEvent> where TEvent : class, IPointInTimeEvent
{
    private readonly TEvent[] _events;
    private int _next;
    private long _lastBar = long.MinValue;

    /// <summary>A feed of <paramref name="events"/>, put in the order they became known (stable).</summary>
    public EventFeed(EventSeriesRequest request, string symbol, IEnumerable<TEvent> events, Func<long, long> barClose) : base(request, symbol, barClose)
    {
        _events = [.. events.OrderBy(e => e.KnownAt)];
    }

    /// <inheritdoc />
    public override int Count => _events.Length;

    /// <inheritdoc />
    public ReadOnlySpan<TEvent> Take(long barTimestamp)
    {
        if (barTimestamp > ReleasedThrough)
        {
            throw new InvalidOperationException(
                $"events '{Request.Role}': bar {barTimestamp} has not been fed to the kernel yet; events are read with their own bar only");
        }
        if (barTimestamp < _lastBar)
        {
            throw new InvalidOperationException($"events '{Request.Role}': bars must be taken in time order ({barTimestamp} after {_lastBar})");
        }
        _lastBar = barTimestamp;
        var cutoff = Cutoff(BarClose, barTimestamp, Request.Latency);
        var from = _next;
        while (_next < _events.Length && _events[_next].KnownAt < cutoff) _next++;
        return _events.AsSpan(from, _next - from);
    }
}

/// <summary>
/// An event input a plugin reads, declared once by role: <c>static readonly EventInput&lt;NewsItem&gt; News = new("news", EventKinds.News);</c>,
/// requested with <see cref="For"/> and opened in the kernel with <see cref="Open"/>.
/// </summary>
public sealed class EventInput<TEvent>(string role, string kind) where TEvent : class, IPointInTimeEvent
{
    /// <summary>The role the host keys the stream by.</summary>
    public string Role { get; } = role;

    /// <summary>The event kind (<see cref="EventKinds"/>).</summary>
    public string Kind { get; } = kind;

    /// <summary>The request: events of <paramref name="symbol"/> (null: the feature's symbol) with this latency and history.</summary>
    public EventSeriesRequest For(string? symbol = null, TimeSpan latency = default, EventHistory history = EventHistory.SincePreviousBar) =>
        new(Role, Kind, symbol, latency, history);

    /// <summary>The stream the host opened for this role; a clear error when it is missing or of another kind.</summary>
    public IEventStream<TEvent> Open(KernelContext context) =>
        context.Events.TryGetValue(Role, out var feed)
            ? feed as IEventStream<TEvent> ?? throw new InvalidOperationException($"events '{Role}' hold {feed.Request.Kind}, not {typeof(TEvent).Name}")
            : throw new InvalidOperationException($"events '{Role}' were not provided to the kernel (symbol {context.Symbol}, timeframe {context.Timeframe})");
}
