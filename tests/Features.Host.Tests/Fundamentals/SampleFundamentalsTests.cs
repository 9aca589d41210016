using Features.Host.Fundamentals;
using static Features.Host.Tests.Fundamentals.AcmeFixture;

namespace Features.Host.Tests.Fundamentals;

public sealed class SampleFundamentalsTests
{
    [Fact]
    public void The_demo_sample_has_every_input_of_the_ratios_each_quarter()
    {
        var upload = SampleFundamentals.Demo();
        upload.Filings.Count.ShouldBe(28); // 2018 Q1 .. 2024 Q4
        upload.FactCount.ShouldBe(28 * 8);
        upload.Conflicts.ShouldBe(0);
        var book = BookAsOf(ToKnown(upload), Utc("2024-12-31T00:00:00Z"));
        var (eps, end) = book.LatestTtm("EarningsPerShareDiluted")!.Value;
        end.ShouldBe(Day(2024, 9, 30)); // Q4 2024 is known only in 2025
        eps.ShouldBeGreaterThan(4);
        book.Latest("EntityCommonStockSharesOutstanding")!.Value.Value.ShouldBeGreaterThan(0);
        book.LatestTtm("OperatingIncomeLoss").ShouldNotBeNull();
        book.LatestTtm("DepreciationDepletionAndAmortization").ShouldNotBeNull();
    }
}
