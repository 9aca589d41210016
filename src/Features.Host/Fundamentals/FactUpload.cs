namespace Features.Host.Fundamentals;

/// <summary>A filing as read from an upload, before it is stored.</summary>
public sealed record FilingHeader(
    string Accession, string Source, long? Cik, string? Symbol, string Name, string Form,
    DateTime? Period, int? FiscalYear, string? FiscalPeriod, DateTime AcceptedAt, DateTime KnownAt);

/// <summary>What identifies a fact inside one filing.</summary>
public readonly record struct FactKey(string Tag, DateTime PeriodEnd, int Quarters);

/// <summary>A fact's value; <see cref="Custom"/> when its tag is the filer's own extension (version = its accession).</summary>
public readonly record struct FactValue(double Value, string Unit, bool Custom);

/// <summary>One filing and its facts, at most one value per <see cref="FactKey"/>.</summary>
public sealed class FilingFacts(FilingHeader filing)
{
    public FilingHeader Filing { get; } = filing;
    public Dictionary<FactKey, FactValue> Facts { get; } = [];
}

/// <summary>
/// The filings and facts of one upload, and what was left out. A filing that reports the same tag, period and
/// duration twice with different values keeps one by this rule: a standard-taxonomy fact over a filer's custom one,
/// otherwise the first in file order (the SEC publishes <c>num.txt</c> sorted, so the choice is reproducible).
/// </summary>
public sealed class FactUpload
{
    private readonly Dictionary<string, FilingFacts> _filings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tags = new(StringComparer.Ordinal);

    public IReadOnlyCollection<FilingFacts> Filings => _filings.Values;

    /// <summary>Fact rows read (every entity and segment).</summary>
    public int Rows { get; set; }
    /// <summary>Rows for a co-registrant or a segment (dimension) rather than the consolidated entity.</summary>
    public int NotConsolidated { get; set; }
    /// <summary>Rows without a value, or over more than four quarters.</summary>
    public int Unsupported { get; set; }
    /// <summary>Repeated facts with the same value, stored once.</summary>
    public int Duplicates { get; set; }
    /// <summary>Repeated facts with a different value, resolved by the rule above.</summary>
    public int Conflicts { get; set; }

    public int FactCount => _filings.Values.Sum(f => f.Facts.Count);

    public FilingFacts? Find(string accession) => _filings.GetValueOrDefault(accession);

    public FilingFacts AddFiling(FilingHeader filing)
    {
        var facts = new FilingFacts(filing);
        _filings.Add(filing.Accession, facts);
        return facts;
    }

    public FilingFacts GetOrAddFiling(FilingHeader filing) => Find(filing.Accession) ?? AddFiling(filing);

    /// <summary>One tag string per distinct tag, so a large upload holds each name once.</summary>
    public string Intern(ReadOnlySpan<char> tag)
    {
        var lookup = _tags.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(tag, out var known)) return known;
        var text = tag.ToString();
        _tags.Add(text, text);
        return text;
    }

    public void AddFact(FilingFacts filing, FactKey key, FactValue value)
    {
        if (!filing.Facts.TryGetValue(key, out var kept))
        {
            filing.Facts.Add(key, value);
            return;
        }
        if (kept.Value.Equals(value.Value) && kept.Unit == value.Unit)
        {
            Duplicates++;
            return;
        }
        Conflicts++;
        if (kept.Custom && !value.Custom) filing.Facts[key] = value;
    }
}

/// <summary>An uploaded fundamentals file is malformed; <see cref="Line"/> is 1-based (the header is line 1), 0 for the whole file.</summary>
public sealed class FundamentalFileException(string file, int line, string reason)
    : Exception(line > 0 ? $"{file} line {line}: {reason}" : $"{file}: {reason}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    /// <summary>What is wrong, without the place.</summary>
    public string Reason { get; } = reason;
    /// <summary>The place, as the problem's field: <c>num.txt line 7</c>.</summary>
    public string Place => Line > 0 ? $"{File} line {Line}" : File;
}
