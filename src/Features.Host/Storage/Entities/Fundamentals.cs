namespace Features.Host.Storage.Entities;

/// <summary>
/// One filing: an SEC submission (<c>sub.txt</c> row, keyed by its accession number <c>adsh</c>) or a vendor's batch of
/// facts for one symbol made available at one instant. Its facts are known from <see cref="KnownAt"/> on.
/// </summary>
public sealed class FundamentalFiling
{
    public int Id { get; set; }
    /// <summary>The SEC accession number, or <c>vendor:&lt;symbol&gt;:&lt;available_at&gt;</c> for vendor data.</summary>
    public required string Accession { get; set; }
    /// <summary><c>sec-fsds</c> or <c>vendor</c>.</summary>
    public required string Source { get; set; }
    /// <summary>The SEC registrant (mapped to symbols through <see cref="FundamentalTicker"/>); null for vendor data.</summary>
    public long? Cik { get; set; }
    /// <summary>The symbol for vendor data; null for SEC filings (their symbol comes from the CIK).</summary>
    public string? Symbol { get; set; }
    public required string Name { get; set; }
    /// <summary>10-K, 10-Q, 10-K/A, ... (<c>vendor</c> for vendor data).</summary>
    public required string Form { get; set; }
    /// <summary>The balance-sheet date, as reported; null when the filing names none.</summary>
    public DateTime? Period { get; set; }
    public int? FiscalYear { get; set; }
    public string? FiscalPeriod { get; set; }
    /// <summary>When EDGAR accepted the filing (or the vendor's <c>available_at</c>), UTC.</summary>
    public DateTime AcceptedAt { get; set; }
    /// <summary>From when its facts may be used, UTC (see <see cref="Fundamentals.FilingClock"/>).</summary>
    public DateTime KnownAt { get; set; }
    /// <summary>When an ingest last added or changed this filing's facts.</summary>
    public DateTime IngestedAt { get; set; }
}

/// <summary>One value a filing reports for a tag over a period: every filing's version is kept, so restatements stay point in time.</summary>
public sealed class FundamentalFact
{
    public int FilingId { get; set; }
    /// <summary>The XBRL tag without its taxonomy prefix (<c>Revenues</c>, <c>EntityCommonStockSharesOutstanding</c>).</summary>
    public required string Tag { get; set; }
    /// <summary>The end of the period (<c>ddate</c>), midnight UTC.</summary>
    public DateTime PeriodEnd { get; set; }
    /// <summary>0 for a point in time (stock items), 1-4 for a duration of that many quarters (flow items).</summary>
    public int Quarters { get; set; }
    public required string Unit { get; set; }
    public double Value { get; set; }
}

/// <summary>A CIK to ticker mapping from the SEC's <c>company_tickers.json</c>: one CIK may have several tickers.</summary>
public sealed class FundamentalTicker
{
    public required string Ticker { get; set; }
    public long Cik { get; set; }
    public required string Title { get; set; }
    public DateTime UpdatedAt { get; set; }
}
