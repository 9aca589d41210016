using Features.Host.Fundamentals;
using Features.Plugins.Fundamental.Common;
using static Features.Host.Tests.Fundamentals.AcmeFixture;

namespace Features.Host.Tests.Fundamentals;

/// <summary>
/// Acme's revenue (USD millions) worked by hand. Reported: FY2021 360, FY2022 400; 2022 quarters 95, 100, 102 with
/// YTD 195 (6M) and 297 (9M); 2023 quarters 110, 120, 125 with YTD 230 and 355; FY2023 480 (10-K accepted 2024-02-14
/// 17:45 ET, so known from 2024-02-15 00:00 ET), amended to 470 (10-K/A, 2024-03-01); Q1 2024 130 with Q1 2023
/// restated to 105 (10-Q, 2024-05-03).
/// </summary>
public sealed class FactBookTests
{
    private static readonly IReadOnlyList<KnownFact> Facts = Known();

    private static FactBook At(string isoUtc) => BookAsOf(Facts, Utc(isoUtc));

    [Fact]
    public void Ttm_after_the_first_quarter_is_last_year_plus_this_year_to_date_minus_last_year_to_date()
    {
        // Q2-Q4 2022 are not known yet: 400 + 110 - 95.
        At("2023-05-10T00:00:00Z").LatestTtm("Revenues").ShouldBe((415.0, Day(2023, 3, 31)));
        // After Q2: 400 + 230 - 195 = Q3'22 (102) + Q4'22 (103) + 110 + 120.
        At("2023-08-10T00:00:00Z").LatestTtm("Revenues").ShouldBe((435.0, Day(2023, 6, 30)));
    }

    [Fact]
    public void Ttm_is_the_sum_of_four_quarters_with_q4_derived_from_fy_minus_nine_months()
    {
        // After Q3 2023: Q4 2022 = FY2022 400 - 9M 2022 297 = 103; 103 + 110 + 120 + 125.
        var book = At("2023-11-10T00:00:00Z");
        book.Quarter("Revenues", Day(2022, 12, 31)).ShouldBe(103);
        book.LatestTtm("Revenues").ShouldBe((458.0, Day(2023, 9, 30)));
    }

    [Fact]
    public void A_10k_accepted_after_17_30_is_not_known_that_evening_and_is_known_the_next_morning()
    {
        // 2024-02-14 23:00Z is 18:00 ET, after the 17:45 acceptance but before the next business day.
        var evening = At("2024-02-14T23:00:00Z");
        evening.Quarter("Revenues", Day(2023, 12, 31)).ShouldBeNull();
        evening.LatestTtm("Revenues").ShouldBe((458.0, Day(2023, 9, 30)));
        // 00:00 ET on the 15th is 05:00Z: Q4 2023 = 480 - 355.
        var morning = At("2024-02-15T05:00:00Z");
        morning.Quarter("Revenues", Day(2023, 12, 31)).ShouldBe(125);
        morning.LatestTtm("Revenues").ShouldBe((480.0, Day(2023, 12, 31)));
    }

    [Fact]
    public void A_duplicate_custom_tag_in_the_10k_loses_to_the_standard_one()
    {
        var upload = Read();
        upload.Conflicts.ShouldBe(1);
        At("2024-02-20T00:00:00Z").Ttm("Revenues", Day(2023, 12, 31)).ShouldBe(480);
    }

    [Fact]
    public void An_amendment_changes_the_value_only_from_its_own_acceptance()
    {
        At("2024-02-29T23:59:59Z").Ttm("Revenues", Day(2023, 12, 31)).ShouldBe(480);
        var amended = At("2024-03-05T00:00:00Z");
        amended.Ttm("Revenues", Day(2023, 12, 31)).ShouldBe(470);
        amended.Quarter("Revenues", Day(2023, 12, 31)).ShouldBe(115);
    }

    [Fact]
    public void A_restatement_of_an_earlier_period_applies_from_the_restating_filing_on()
    {
        At("2024-04-01T00:00:00Z").Quarter("Revenues", Day(2023, 3, 31)).ShouldBe(110);
        var after = At("2024-05-10T00:00:00Z");
        after.Quarter("Revenues", Day(2023, 3, 31)).ShouldBe(105);
        // 130 + 115 (amended Q4) + 125 + 120.
        after.LatestTtm("Revenues").ShouldBe((490.0, Day(2024, 3, 31)));
        // Quarterly year over year: 130 against the restated 105.
        var yearAgo = after.EndBefore("Revenues", Day(2024, 3, 31), 4);
        yearAgo.ShouldBe(Day(2023, 3, 31));
        (after.Quarter("Revenues", Day(2024, 3, 31))! / after.Quarter("Revenues", yearAgo!.Value)! - 1).Value.ShouldBe(130.0 / 105 - 1, 1e-12);
    }

    [Fact]
    public void Stock_items_take_their_latest_value_and_an_availability_lag_delays_everything()
    {
        At("2024-05-10T00:00:00Z").Latest("StockholdersEquity").ShouldBe((630.0, Day(2024, 3, 31)));
        At("2024-05-10T00:00:00Z").Latest("EntityCommonStockSharesOutstanding").ShouldBe((10.0, Day(2024, 4, 26)));
        // Q1 2024's 10-Q was accepted on 2024-05-03: with a 10-day lag it is not usable on the 10th.
        BookAsOf(Facts, Utc("2024-05-10T00:00:00Z"), TimeSpan.FromDays(10)).Latest("StockholdersEquity").ShouldBe((600.0, Day(2023, 12, 31)));
    }

    [Fact]
    public void Eps_ttm_sums_derived_quarters_too()
    {
        // 1.30 + (4.70 - 3.55) + 1.25 + 1.20.
        At("2024-05-10T00:00:00Z").LatestTtm("EarningsPerShareDiluted")!.Value.Value.ShouldBe(4.90, 1e-12);
    }
}
