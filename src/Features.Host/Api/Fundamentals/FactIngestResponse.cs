using Features.Host.Fundamentals;

namespace Features.Host.Api.Fundamentals;

/// <summary>What an upload of facts did, shared by the SEC and vendor uploads.</summary>
public sealed class FactIngestResponse
{
    public int Filings { get; init; }
    public int NewFilings { get; init; }
    /// <summary>Fact rows read, every entity and segment included.</summary>
    public int Rows { get; init; }
    public int FactsInserted { get; init; }
    public int FactsUpdated { get; init; }
    public int FactsUnchanged { get; init; }
    /// <summary>Rows of a co-registrant or a segment, left out: only the consolidated entity is kept.</summary>
    public int NotConsolidated { get; init; }
    /// <summary>Rows without a value or over more than four quarters, left out.</summary>
    public int Unsupported { get; init; }
    /// <summary>A fact repeated in one filing with the same value, kept once.</summary>
    public int Duplicates { get; init; }
    /// <summary>A fact repeated in one filing with a different value: one kept by the rule in <c>notes</c>.</summary>
    public int Conflicts { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }

    public static FactIngestResponse From(FactIngestReport report)
    {
        var (upload, stored) = (report.Upload, report.Stored);
        var notes = new List<string>();
        if (upload.Conflicts > 0)
        {
            notes.Add($"{upload.Conflicts} fact(s) appeared twice in one filing with different values; kept: the standard-taxonomy fact over a custom one, else the first in file order");
        }
        return new FactIngestResponse
        {
            Filings = stored.Filings,
            NewFilings = stored.NewFilings,
            Rows = upload.Rows,
            FactsInserted = stored.Inserted,
            FactsUpdated = stored.Updated,
            FactsUnchanged = stored.Unchanged,
            NotConsolidated = upload.NotConsolidated,
            Unsupported = upload.Unsupported,
            Duplicates = upload.Duplicates,
            Conflicts = upload.Conflicts,
            Notes = notes,
        };
    }
}
