using Features.PluginSdk;

namespace Features.Plugins.Tests.Fundamental;

/// <summary>
/// A made-up calendar-year filer with the shape of real filings, from its FY2018 10-K (known before the first bar) to
/// its FY2023 10-K: three 10-Qs a year (the quarter and its year-to-date value, last year's comparatives, operating cash
/// flow and D&amp;A only year to date), a 10-K a year (FY values only, so Q4 is FY minus nine months), one 10-K/A (FY2020
/// revenue and EPS amended three weeks after the 10-K), and a restatement (the FY2021 10-K restates FY2020 revenue).
/// Some filings are accepted after 17:30 Eastern (usable the next business day), some on a Friday evening, some
/// minutes after the 16:00 close (their bar is the next one).
/// </summary>
public static class FundamentalFixtures
{
    public const string Symbol = "TEST";

    private const long Hour = 3_600_000_000L;

    /// <summary>Daily bars close at 21:00 UTC (16:00 New York in winter; the kit's rule, no daylight saving here).</summary>
    public static readonly Func<long, long> Close = t => t + 21 * Hour;

    public static RunContext Context { get; } = RunContext.Daily with { Symbol = Symbol, BarClose = Close };

    /// <summary>Weekday bars stamped 00:00 UTC from 2020-01-01 (as the store keeps daily bars): 900 reach mid-2023.</summary>
    public static Bar[] WeekdayBars(int count = 900) =>
        [.. SyntheticBars.RandomWalk(count * 7 / 5 + 7).Where(b => SyntheticBars.Time(b.Timestamp).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Take(count)];

    /// <summary>Quarter n counted from Q1 2018 (n = 1): revenue grows 10 a quarter, Q4 has a 15 seasonal bump.</summary>
    public static double Revenue(int year, int quarter) => 200 + 10 * Index(year, quarter) + (quarter == 4 ? 15 : 0);

    /// <summary>FY2020 revenue as first reported (1235), as amended by the 10-K/A, and as restated in the FY2021 10-K.</summary>
    public static double Revenue2020 => ToDate(Revenue, 2020, 4);

    public static double Revenue2020Amended => Revenue2020 + 12;

    public static double Revenue2020Restated => Revenue2020 - 20;

    private static int Index(int year, int quarter) => (year - 2018) * 4 + quarter;

    private static double Eps(int year, int quarter) => Math.Round(0.5 + 0.05 * Index(year, quarter), 2);

    private static double OperatingIncome(int year, int quarter) => Revenue(year, quarter) / 5;

    private static double Amortization(int year) => 10 + (year - 2018);

    private static double OperatingCash(int year, int quarter) => Revenue(year, quarter) / 4;

    private static DateTime QuarterEnd(int year, int quarter) => quarter == 4 ? new DateTime(year, 12, 31) : new DateTime(year, 3 * quarter, quarter == 1 ? 31 : 30);

    private static double ToDate(Func<int, int, double> quarterly, int year, int quarters) => Enumerable.Range(1, quarters).Sum(q => quarterly(year, q));

    /// <summary>Every fact of every filing, in filing order (the feed orders them by when they became known).</summary>
    public static FundamentalFact[] Facts()
    {
        var facts = new List<FundamentalFact>();
        for (var year = 2018; year <= 2023; year++)
        {
            for (var quarter = 1; quarter <= 3; quarter++)
            {
                // Q1 on a Friday after 17:30 ET some years, Q2 minutes after the close, Q3 in the morning.
                var filed = QuarterEnd(year, quarter).AddDays(38);
                var accepted = quarter switch { 1 => filed.AddHours(22).AddMinutes(45), 2 => filed.AddHours(21).AddMinutes(5), _ => filed.AddHours(14) };
                if (year * 4 + quarter > 2023 * 4 + 1) break;
                facts.AddRange(TenQ(year, quarter, accepted));
            }
            if (year <= 2022) facts.AddRange(TenK(year, new DateTime(year + 1, 2, 20).AddHours(year % 2 == 0 ? 23 : 15)));
            if (year == 2020) facts.AddRange(Amendment(new DateTime(2021, 3, 15, 14, 0, 0)));
        }
        return [.. facts];
    }

    private static IEnumerable<FundamentalFact> TenQ(int year, int quarter, DateTime accepted)
    {
        var filing = new Filing($"0000000001-{year % 100:00}-00000{quarter}", "10-Q", year, $"Q{quarter}", accepted);
        var end = QuarterEnd(year, quarter);
        var yearAgo = QuarterEnd(year - 1, quarter);
        yield return filing.Fact("Revenues", end, 1, Revenue(year, quarter));
        yield return filing.Fact("Revenues", yearAgo, 1, Revenue(year - 1, quarter));
        if (quarter > 1)
        {
            yield return filing.Fact("Revenues", end, quarter, ToDate(Revenue, year, quarter));
            yield return filing.Fact("Revenues", yearAgo, quarter, ToDate(Revenue, year - 1, quarter));
        }
        yield return filing.Fact("us-gaap:EarningsPerShareDiluted", end, 1, Eps(year, quarter), "USD/shares");
        yield return filing.Fact("OperatingIncomeLoss", end, 1, OperatingIncome(year, quarter));
        yield return filing.Fact("DepreciationAndAmortization", end, quarter, Amortization(year) * quarter);
        yield return filing.Fact("NetCashProvidedByUsedInOperatingActivities", end, quarter, ToDate(OperatingCash, year, quarter));
        foreach (var stock in Balance(filing, year, quarter, end)) yield return stock;
    }

    private static IEnumerable<FundamentalFact> TenK(int year, DateTime accepted)
    {
        var filing = new Filing($"0000000001-{(year + 1) % 100:00}-000010", "10-K", year, "FY", accepted);
        var end = QuarterEnd(year, 4);
        yield return filing.Fact("Revenues", end, 4, ToDate(Revenue, year, 4));
        // The FY2021 10-K restates FY2020 revenue (first reported 1235, amended to 1247) to 1215.
        yield return filing.Fact("Revenues", QuarterEnd(year - 1, 4), 4, year == 2021 ? Revenue2020Restated : ToDate(Revenue, year - 1, 4));
        yield return filing.Fact("us-gaap:EarningsPerShareDiluted", end, 4, ToDate(Eps, year, 4), "USD/shares");
        yield return filing.Fact("OperatingIncomeLoss", end, 4, ToDate(OperatingIncome, year, 4));
        yield return filing.Fact("DepreciationAndAmortization", end, 4, Amortization(year) * 4);
        yield return filing.Fact("NetCashProvidedByUsedInOperatingActivities", end, 4, ToDate(OperatingCash, year, 4));
        foreach (var stock in Balance(filing, year, 4, end)) yield return stock;
    }

    private static IEnumerable<FundamentalFact> Amendment(DateTime accepted)
    {
        var filing = new Filing("0000000001-21-000011", "10-K/A", 2020, "FY", accepted);
        yield return filing.Fact("Revenues", QuarterEnd(2020, 4), 4, Revenue2020Amended);
        yield return filing.Fact("us-gaap:EarningsPerShareDiluted", QuarterEnd(2020, 4), 4, ToDate(Eps, 2020, 4) + 0.04, "USD/shares");
    }

    private static IEnumerable<FundamentalFact> Balance(Filing filing, int year, int quarter, DateTime end)
    {
        var n = Index(year, quarter);
        yield return filing.Fact("StockholdersEquity", end, 0, 1000 + 30 * n);
        yield return filing.Fact("StockholdersEquity", QuarterEnd(year - 1, 4), 0, 1000 + 30 * Index(year - 1, 4));
        yield return filing.Fact("LongTermDebt", end, 0, 500 - 10 * n);
        yield return filing.Fact("CashAndCashEquivalentsAtCarryingValue", end, 0, 200 + 5 * n);
        yield return filing.Fact("dei:EntityCommonStockSharesOutstanding", filing.Accepted.Date.AddDays(-7), 0, 100 - 0.5 * n, "shares");
    }

    private sealed record Filing(string Id, string Form, int FiscalYear, string FiscalPeriod, DateTime Accepted)
    {
        /// <summary>Usable from acceptance; after 17:30 Eastern (22:30 UTC in winter) or at a weekend, from 00:00 Eastern of the next weekday.</summary>
        private DateTime Available
        {
            get
            {
                if (Accepted.TimeOfDay < new TimeSpan(22, 30, 0) && Accepted.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) return Accepted;
                var next = Accepted.Date.AddDays(1);
                while (next.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) next = next.AddDays(1);
                return next.AddHours(5);
            }
        }

        public FundamentalFact Fact(string tag, DateTime periodEnd, int quarters, double value, string unit = "USD") => new()
        {
            Tag = tag, PeriodEnd = SyntheticBars.Micros(periodEnd), Quarters = quarters, Value = value, Unit = unit,
            AcceptedAt = SyntheticBars.Micros(Accepted), AvailableAt = SyntheticBars.Micros(Available),
            FilingId = Id, Form = Form, FiscalYear = FiscalYear, FiscalPeriod = FiscalPeriod,
        };
    }

    /// <summary>The parameter sets the tests run: every plugin, flow and stock items, TTM and single quarters, each ratio, a lag.</summary>
    public static TheoryData<string, string> Cases => new()
    {
        { "fundamental.value", "tag=Revenues" },
        { "fundamental.value", "tag=us-gaap:Revenues,ttm=false" },
        { "fundamental.value", "tag=NetCashProvidedByUsedInOperatingActivities,ttm=false" },
        { "fundamental.value", "tag=StockholdersEquity,lag_days=30" },
        { "fundamental.growth", "tag=Revenues" },
        { "fundamental.growth", "tag=Revenues,ttm=false" },
        { "fundamental.growth", "tag=StockholdersEquity" },
        { "fundamental.ratio", "ratio=pe" },
        { "fundamental.ratio", "ratio=pb" },
        { "fundamental.ratio", "ratio=ps" },
        { "fundamental.ratio", "ratio=earnings_yield" },
        { "fundamental.ratio", "ratio=ev_ebitda,lag_days=3" },
        { "fundamental.days_since_filing", "lag_days=0" },
        { "fundamental.days_since_filing", "lag_days=45" },
    };

    public static Dictionary<string, object?> Parameters(string text) =>
        text.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1] switch
        {
            "true" => true,
            "false" => (object?)false,
            var v when long.TryParse(v, out var n) => n,
            var v => v,
        });

    /// <summary>The conformance options for one case: the weekday bars, the filings, the host's close rule.</summary>
    public static ConformanceOptions Options(string parameters, Bar[]? bars = null) => new()
    {
        Bars = bars ?? WeekdayBars(),
        Events = new Dictionary<string, IReadOnlyList<IPointInTimeEvent>> { ["facts"] = Facts() },
        Parameters = Parameters(parameters),
        Context = Context,
    };
}
