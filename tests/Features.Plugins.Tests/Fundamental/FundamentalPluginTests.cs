using System.Runtime.CompilerServices;
using Features.Plugins.Tests.Harness;
using Features.PluginSdk;
using static Features.Plugins.Tests.Fundamental.FundamentalFixtures;

namespace Features.Plugins.Tests.Fundamental;

/// <summary>The fundamental pack: the plugin contract with filing facts as events, typed goldens, and the point-in-time rule.</summary>
public sealed class FundamentalPluginTests
{
    private static readonly Bar[] Bars = WeekdayBars();
    private static readonly FundamentalFact[] AllFacts = Facts();

    public static TheoryData<string, string> All => Cases;

    [Theory]
    [MemberData(nameof(All))]
    public void Every_fundamental_plugin_keeps_the_plugin_contract_with_its_filings_truncated_too(string key, string parameters) =>
        KernelRunner.Conformance(key, Options(parameters, Bars)).All();

    [Theory]
    [MemberData(nameof(All))]
    public void Every_fundamental_plugin_matches_its_golden_file(string key, string parameters) =>
        GoldenFile.Verify(PluginPacks.Get(key).Plugin, Bars, Golden(key, parameters), Options(parameters, Bars));

    [Fact]
    public void The_pack_lists_four_fundamental_plugins()
    {
        PluginPacks.Keys(FeatureType.Fundamental).ShouldBe(["fundamental.days_since_filing", "fundamental.growth", "fundamental.ratio", "fundamental.value"]);
    }

    /// <summary>
    /// Cut at each filing's instant T (and T + lag_days): the bars that close by T and the facts known before T. Every value on those bars
    /// is the full history's, and (revenue TTM) the filing shows on the first bar closing after T, not one bar earlier.
    /// </summary>
    [Theory]
    [MemberData(nameof(All))]
    public void Cutting_the_filings_and_bars_at_each_filing_changes_no_earlier_value(string key, string parameters)
    {
        var plugin = PluginPacks.Get(key).Plugin;
        var whole = Run(plugin, parameters, Bars, AllFacts);
        // With a lag, also where the lagged filing reaches the bars.
        var lag = Parameters(parameters).GetValueOrDefault("lag_days") is long days ? days * 86_400_000_000L : 0;
        var instants = AllFacts.SelectMany(f => new[] { f.AvailableAt, f.AvailableAt + lag }).Distinct().Order().ToList();
        var compared = 0;
        foreach (var t in instants)
        {
            var kept = Bars.TakeWhile(b => Close(b.Timestamp) <= t).ToArray();
            if (kept.Length == 0 || kept.Length == Bars.Length) continue;
            var known = AllFacts.Where(f => f.KnownAt < t).ToArray();
            var truncated = Run(plugin, parameters, kept, known);
            // The facts cut alone (every bar kept): the bars before T cannot tell.
            var eventsCut = Run(plugin, parameters, Bars, known);
            foreach (var name in whole.Names)
            {
                truncated[name].ShouldBe(whole[name].Take(kept.Length).ToList(), $"{name}, bars and facts cut at {SyntheticBars.Time(t):u}");
                eventsCut[name].Take(kept.Length).ShouldBe(whole[name].Take(kept.Length), $"{name}, facts cut at {SyntheticBars.Time(t):u}");
            }
            compared++;
        }
        compared.ShouldBeGreaterThanOrEqualTo(15);
    }

    [Fact]
    public void Each_filing_changes_revenue_ttm_on_the_first_bar_closing_after_it_is_usable_and_not_before()
    {
        var value = Run(PluginPacks.Get("fundamental.value").Plugin, "tag=Revenues", Bars, AllFacts)["value"];
        var filings = AllFacts.GroupBy(f => f.FilingId).Select(g => g.First().AvailableAt).Where(t => t >= Close(Bars[0].Timestamp) && t < Close(Bars[^1].Timestamp)).ToList();
        filings.Count.ShouldBeGreaterThan(12);
        foreach (var t in filings)
        {
            var first = Array.FindIndex(Bars, b => Close(b.Timestamp) > t);
            value[first].ShouldNotBe(value[first - 1], $"the filing usable at {SyntheticBars.Time(t):u} shows on bar {SyntheticBars.Time(Bars[first].Timestamp):d}");
        }
    }

    [Fact]
    public void Q4_comes_from_the_10k_minus_nine_months_and_an_amendment_counts_from_its_own_acceptance()
    {
        var quarter = Run(PluginPacks.Get("fundamental.value").Plugin, "tag=Revenues,ttm=false", Bars, AllFacts)["value"];
        // The FY2020 10-K, accepted Saturday 2021-02-20, reaches Monday's bar: Q4 = FY 1235 - 9M (290 + 300 + 310).
        At(quarter, 2021, 2, 19).ShouldBe(310.0);
        At(quarter, 2021, 2, 22).ShouldBe(1235.0 - 900);
        At(quarter, 2021, 3, 12).ShouldBe(335.0);
        // The 10-K/A (2021-03-15 14:00 UTC) amends FY2020 to 1247.
        At(quarter, 2021, 3, 15).ShouldBe(1247.0 - 900);
    }

    [Fact]
    public void A_restated_prior_year_moves_quarterly_growth_only_from_the_restating_10k()
    {
        var growth = Run(PluginPacks.Get("fundamental.growth").Plugin, "tag=Revenues,ttm=false", Bars, AllFacts)["growth"];
        // Before the FY2021 10-K: Q3 2021 350 against Q3 2020 310.
        At(growth, 2022, 2, 18).ShouldBe((350.0 - 310) / 310);
        // It (Monday 2022-02-21) gives Q4 2021 = 1395 - 1020 = 375, and restates FY2020 to 1215: Q4 2020 = 1215 - 900.
        At(growth, 2022, 2, 21).ShouldBe((375.0 - 315) / 315);
    }

    [Fact]
    public void Days_since_filing_counts_from_the_day_the_filing_became_usable_lag_included()
    {
        // The Q1 2021 10-Q, accepted Saturday 2021-05-08 22:45 UTC, is usable Monday 2021-05-10.
        var noLag = Run(PluginPacks.Get("fundamental.days_since_filing").Plugin, "lag_days=0", Bars, AllFacts)["days"];
        At(noLag, 2021, 5, 7).ShouldBe((double)(new DateTime(2021, 5, 7) - new DateTime(2021, 3, 15)).Days);
        At(noLag, 2021, 5, 10).ShouldBe(0.0);
        At(noLag, 2021, 5, 12).ShouldBe(2.0);
        // With lag_days 45 it is usable from 2021-06-24 05:00 UTC, reaching that day's bar: 0 days then, not 45.
        var lagged = Run(PluginPacks.Get("fundamental.days_since_filing").Plugin, "lag_days=45", Bars, AllFacts)["days"];
        At(lagged, 2021, 6, 23).ShouldBe((double)(new DateTime(2021, 6, 23) - new DateTime(2021, 4, 29)).Days);
        At(lagged, 2021, 6, 24).ShouldBe(0.0);
    }

    private static object? At(IReadOnlyList<object?> column, int year, int month, int day)
    {
        var index = Array.FindIndex(Bars, b => SyntheticBars.Time(b.Timestamp) == new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc));
        index.ShouldBeGreaterThanOrEqualTo(0, $"no bar on {year}-{month}-{day}");
        return column[index];
    }

    private static OutputTable Run(IFeaturePlugin plugin, string parameters, Bar[] bars, IReadOnlyList<FundamentalFact> facts) =>
        PluginRunner.Run(plugin, bars, int.MaxValue, Parameters(parameters), null, Context,
            new Dictionary<string, IReadOnlyList<IPointInTimeEvent>> { ["facts"] = facts });

    private static string Golden(string key, string parameters, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "golden", $"{key}.{parameters.Replace('=', '-').Replace(',', '.').Replace(':', '-')}.csv");
}
