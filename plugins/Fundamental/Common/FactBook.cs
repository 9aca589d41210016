namespace Features.Plugins.Fundamental.Common;

/// <summary>
/// The facts known at one moment, one value per (tag, period end, quarters): the version of the filing that became
/// known last (facts are added in the order they became known, so an amendment or a later filing's restatement of an
/// earlier period replaces a value only from its own acceptance on). From them: a stock item's latest value, a flow
/// item's single quarters (reported, or derived: quarter = YTD(k quarters) − YTD(k−1 quarters) ending about a quarter
/// earlier, so Q4 = FY − 9-month YTD) and trailing twelve months (the sum of the last four quarters; the annual value
/// when a quarter of that year cannot be had).
/// </summary>
internal sealed class FactBook
{
    /// <summary>
    /// Period ends k quarters apart lie 91·k days apart give or take this many: calendar quarters are 89-92 days,
    /// 13-week quarters 91, the 14-week quarter of a 53-week year 98, calendar years 365-366.
    /// </summary>
    public const int SlackDays = 7;

    private readonly Dictionary<string, Dictionary<(DateTime End, int Quarters), double>> _tags = new(StringComparer.Ordinal);

    /// <summary>Adds a fact version; a later call for the same tag, period end and duration replaces the earlier.</summary>
    public void Add(string tag, DateTime periodEnd, int quarters, double value)
    {
        if (!_tags.TryGetValue(tag, out var facts)) _tags[tag] = facts = [];
        facts[(periodEnd, quarters)] = value;
    }

    /// <summary>A stock item's value at its latest period end (qtrs = 0), with that end; null when none is known.</summary>
    public (double Value, DateTime End)? Latest(string tag)
    {
        if (!_tags.TryGetValue(tag, out var facts)) return null;
        (double Value, DateTime End)? latest = null;
        foreach (var ((end, quarters), value) in facts)
        {
            if (quarters == 0 && (latest is null || end > latest.Value.End)) latest = (value, end);
        }
        return latest;
    }

    /// <summary>The value reported for exactly this period end and duration, if any.</summary>
    public double? At(string tag, DateTime end, int quarters) =>
        _tags.TryGetValue(tag, out var facts) && facts.TryGetValue((end, quarters), out var value) ? value : null;

    /// <summary>The latest period end for which a flow item's quarter is reported or derivable.</summary>
    public DateTime? LatestQuarterEnd(string tag)
    {
        if (!_tags.TryGetValue(tag, out var facts)) return null;
        foreach (var end in facts.Keys.Where(k => k.Quarters > 0).Select(k => k.End).Distinct().OrderDescending())
        {
            if (Quarter(tag, end) is not null) return end;
        }
        return null;
    }

    /// <summary>The single quarter ending at <paramref name="end"/>: reported (qtrs = 1) or derived from year-to-date values.</summary>
    public double? Quarter(string tag, DateTime end)
    {
        if (!_tags.TryGetValue(tag, out var facts)) return null;
        if (facts.TryGetValue((end, 1), out var reported)) return reported;
        for (var k = 2; k <= 4; k++)
        {
            if (!facts.TryGetValue((end, k), out var toDate)) continue;
            if (PreviousEnd(facts, end, k - 1, quarters: 1) is { } earlier) return toDate - facts[(earlier, k - 1)];
        }
        return null;
    }

    /// <summary>
    /// Trailing twelve months ending at <paramref name="end"/>: four consecutive quarters summed; when one of them cannot
    /// be had, the same sum as last fiscal year plus this year to date minus last year to date; else the annual value.
    /// </summary>
    public double? Ttm(string tag, DateTime end)
    {
        if (!_tags.TryGetValue(tag, out var facts)) return null;
        double? annual = facts.TryGetValue((end, 4), out var reported) ? reported : YearPlusToDate(facts, end);
        double sum = 0;
        var current = end;
        for (var i = 0; i < 4; i++)
        {
            if (Quarter(tag, current) is not { } quarter) return annual;
            sum += quarter;
            if (i == 3) break;
            if (PreviousQuarterEnd(tag, facts, current) is not { } previous) return annual;
            current = previous;
        }
        return sum;
    }

    /// <summary>FY + YTD(k quarters to <paramref name="end"/>) − YTD(k quarters to a year before), with the FY ending k quarters before.</summary>
    private static double? YearPlusToDate(Dictionary<(DateTime End, int Quarters), double> facts, DateTime end)
    {
        for (var k = 1; k <= 3; k++)
        {
            if (!facts.TryGetValue((end, k), out var toDate)) continue;
            if (PreviousEnd(facts, end, k, quarters: 4) is not { } yearAgo) continue;
            if (PreviousEnd(facts, end, 4, quarters: k) is not { } fiscalYearEnd) continue;
            return facts[(fiscalYearEnd, 4)] + toDate - facts[(yearAgo, k)];
        }
        return null;
    }

    /// <summary>The TTM at the latest period end (of a flow item) where one can be had, with that end.</summary>
    public (double Value, DateTime End)? LatestTtm(string tag)
    {
        if (!_tags.TryGetValue(tag, out var facts)) return null;
        foreach (var end in facts.Keys.Where(k => k.Quarters > 0).Select(k => k.End).Distinct().OrderDescending())
        {
            if (Ttm(tag, end) is { } ttm) return (ttm, end);
        }
        return null;
    }

    /// <summary>The period end of this tag about <paramref name="quarters"/> quarters before <paramref name="end"/> (with any duration), if reported.</summary>
    public DateTime? EndBefore(string tag, DateTime end, int quarters)
    {
        if (!_tags.TryGetValue(tag, out var facts)) return null;
        return Nearest(facts.Keys.Select(k => k.End), end, quarters);
    }

    private DateTime? PreviousQuarterEnd(string tag, Dictionary<(DateTime End, int Quarters), double> facts, DateTime end)
    {
        var candidates = facts.Keys.Where(k => k.Quarters > 0).Select(k => k.End).Where(e => Quarter(tag, e) is not null);
        return Nearest(candidates, end, 1);
    }

    /// <summary>The end of a reported <paramref name="duration"/>-quarter value about <paramref name="quarters"/> quarters before <paramref name="end"/>.</summary>
    private static DateTime? PreviousEnd(Dictionary<(DateTime End, int Quarters), double> facts, DateTime end, int duration, int quarters) =>
        Nearest(facts.Keys.Where(k => k.Quarters == duration).Select(k => k.End), end, quarters);

    /// <summary>Among <paramref name="ends"/>, the one closest to <paramref name="quarters"/> quarters (91 days each) before <paramref name="end"/>, within the fiscal calendar's slack.</summary>
    private static DateTime? Nearest(IEnumerable<DateTime> ends, DateTime end, int quarters)
    {
        DateTime? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in ends)
        {
            var days = (end - candidate).Days;
            var distance = Math.Abs(days - 91 * quarters);
            if (distance > SlackDays) continue;
            if (distance < bestDistance || (distance == bestDistance && candidate > best)) (best, bestDistance) = (candidate, distance);
        }
        return best;
    }
}
