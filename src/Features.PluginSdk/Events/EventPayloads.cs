namespace Features.PluginSdk;

/// <summary>
/// Something a plugin reads point in time: it exists for the plugin only from <see cref="KnownAt"/> on. The host
/// delivers it with the first bar at whose close (minus the request's latency) it is known, strictly before.
/// </summary>
public interface IPointInTimeEvent
{
    /// <summary>When it became known: Unix microseconds, UTC.</summary>
    long KnownAt { get; }
}

/// <summary>The event kinds the host has sources for; <see cref="EventSeriesRequest.Kind"/> names one.</summary>
public static class EventKinds
{
    /// <summary>News items (<see cref="NewsItem"/>), by symbol.</summary>
    public const string News = "news";

    /// <summary>Facts from filings (<see cref="FundamentalFact"/>), by symbol.</summary>
    public const string Fundamental = "fundamental";

    /// <summary>
    /// The words of an uploaded lexicon (<see cref="LexiconWord"/>), by lexicon name in place of a symbol. A lexicon
    /// is reference data rather than a time series: every word is known from the beginning of time.
    /// </summary>
    public const string Lexicon = "lexicon";

    /// <summary>The payload type of a kind; null for a kind this SDK does not know.</summary>
    public static Type? PayloadType(string kind) => kind switch
    {
        News => typeof(NewsItem),
        Fundamental => typeof(FundamentalFact),
        Lexicon => typeof(LexiconWord),
        _ => null,
    };
}

/// <summary>A news item as ingested (<c>POST /api/v1/news</c>). Known from <see cref="PublishedAt"/>.</summary>
public sealed class NewsItem : IPointInTimeEvent
{
    /// <summary>The vendor's id; re-ingesting it replaces the item.</summary>
    public required string Id { get; init; }

    /// <summary>When the item became available: Unix microseconds, UTC.</summary>
    public required long PublishedAt { get; init; }

    /// <summary>The symbols it is about (at least one), as stored (upper case).</summary>
    public required IReadOnlyList<string> Symbols { get; init; }

    /// <summary>The headline.</summary>
    public required string Headline { get; init; }

    /// <summary>The body, when the vendor sends one.</summary>
    public string? Body { get; init; }

    /// <summary>The vendor or wire.</summary>
    public string? Source { get; init; }

    /// <summary>The vendor's relevance of the item to its symbols, 0..1.</summary>
    public double? Relevance { get; init; }

    /// <summary>The vendor's sentiment score, −1..1.</summary>
    public double? Sentiment { get; init; }

    /// <summary>The vendor's novelty score, 0..1.</summary>
    public double? Novelty { get; init; }

    /// <inheritdoc />
    public long KnownAt => PublishedAt;
}

/// <summary>
/// One fact of one filing (a row of the SEC's <c>num.txt</c> joined to its <c>sub.txt</c> filing, or a vendor's CSV
/// row). Known from <see cref="AvailableAt"/>: the filing's acceptance (a filing accepted after 17:30 US Eastern
/// counts from the next business day) plus any availability lag. Every filing's version of a fact is a separate
/// event, so an amendment or restatement changes values only from its own availability on.
/// </summary>
public sealed class FundamentalFact : IPointInTimeEvent
{
    /// <summary>The XBRL tag, e.g. <c>Revenues</c>, <c>EarningsPerShareDiluted</c>, <c>dei:EntityCommonStockSharesOutstanding</c>.</summary>
    public required string Tag { get; init; }

    /// <summary>The end of the period the value is for (<c>ddate</c>): Unix microseconds of that date, 00:00 UTC.</summary>
    public required long PeriodEnd { get; init; }

    /// <summary>0 for a point in time (a stock item), 1..4 for a duration of that many quarters (a flow item).</summary>
    public required int Quarters { get; init; }

    /// <summary>The value, in <see cref="Unit"/>.</summary>
    public required double Value { get; init; }

    /// <summary>The unit of measure (<c>uom</c>), e.g. <c>USD</c>, <c>shares</c>, <c>USD/shares</c>.</summary>
    public required string Unit { get; init; }

    /// <summary>When the filing was accepted: Unix microseconds, UTC (equal to <see cref="AvailableAt"/> for vendor rows without one).</summary>
    public required long AcceptedAt { get; init; }

    /// <summary>When the fact may be used: Unix microseconds, UTC.</summary>
    public required long AvailableAt { get; init; }

    /// <summary>The filing's id (the SEC's accession number <c>adsh</c>, or the vendor's).</summary>
    public required string FilingId { get; init; }

    /// <summary>The form, e.g. <c>10-K</c>, <c>10-Q</c>, <c>10-K/A</c>; empty when the vendor gives none.</summary>
    public string Form { get; init; } = "";

    /// <summary>The filing's fiscal year (<c>fy</c>), when known.</summary>
    public int? FiscalYear { get; init; }

    /// <summary>The filing's fiscal period (<c>fp</c>: <c>FY</c>, <c>Q1</c>..<c>Q4</c>), when known.</summary>
    public string? FiscalPeriod { get; init; }

    /// <inheritdoc />
    public long KnownAt => AvailableAt;
}

/// <summary>One word of an uploaded lexicon and its polarity (e.g. −1 negative, +1 positive). Known from the beginning.</summary>
public sealed class LexiconWord : IPointInTimeEvent
{
    /// <summary>The word, lower case.</summary>
    public required string Word { get; init; }

    /// <summary>Its polarity: negative words below zero, positive above.</summary>
    public required double Polarity { get; init; }

    /// <inheritdoc />
    public long KnownAt => long.MinValue;
}
