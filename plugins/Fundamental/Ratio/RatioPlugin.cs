using Features.Plugins.Fundamental.Common;
using Features.PluginSdk;

namespace Features.Plugins.Fundamental.Ratio;

/// <summary>The price-based ratios of <see cref="RatioPlugin"/>.</summary>
public enum RatioKind
{
    Pe,
    Pb,
    Ps,
    EarningsYield,
    EvEbitda,
}

/// <summary>The parameters of <see cref="RatioPlugin"/>.</summary>
public sealed class RatioParameters
{
    [Parameter("pe = close / diluted EPS TTM; pb = market cap / stockholders' equity; ps = market cap / revenue TTM; earnings_yield = diluted EPS TTM / close; ev_ebitda = (market cap + debt - cash) / (operating income + D&A) TTM.")]
    public RatioKind Ratio { get; init; } = RatioKind.Pe;

    [LagDays]
    public int LagDays { get; init; }
}

/// <summary>A valuation ratio from the bar's close and the filings known at its close.</summary>
public sealed class RatioPlugin() : FeaturePlugin<RatioParameters>(new()
{
    Key = "fundamental.ratio",
    Type = FeatureType.Fundamental,
    Version = FundamentalPack.Version,
    Description = "A valuation ratio from each bar's close and the filing facts known at that close (point in time as fundamental.value). " +
                  "Tags: EarningsPerShareDiluted (TTM), StockholdersEquity, Revenues or else RevenueFromContractWithCustomerExcludingAssessedTax " +
                  "(TTM), OperatingIncomeLoss plus DepreciationDepletionAndAmortization or else DepreciationAndAmortization (TTM) as EBITDA, " +
                  "LongTermDebt or else LongTermDebtNoncurrent + LongTermDebtCurrent as debt (0 when none), " +
                  "CashAndCashEquivalentsAtCarryingValue as cash (0 when none). Market cap = close x shares outstanding, the cover " +
                  "page's dei:EntityCommonStockSharesOutstanding or else the balance sheet's CommonStockSharesOutstanding (latest). " +
                  "Null when an input is unknown or a denominator is not positive (pe with EPS <= 0 is null; earnings_yield stays defined).",
    Outputs = Outputs.Columns,
    InputColumns = ["timestamp", "close"],
    WarmupRule = "none (the host delivers every fact known before the first bar)",
})
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Value = Outputs.Float("value", "The ratio at this bar's close; null when an input is unknown or its denominator is not positive.");
    private static readonly FloatOutput MarketCap = Outputs.Float("market_cap", "Close x shares outstanding known at this bar's close; null before the share count is known.");

    protected override int WarmupBars(RatioParameters p) => 0;

    protected override IReadOnlyList<EventSeriesRequest> EventSeries(RatioParameters p) => [FundamentalPack.Request(p.LagDays)];

    protected override IFeatureKernel CreateKernel(RatioParameters p, KernelContext context) => new Kernel(p.Ratio, FundamentalPack.Facts.Open(context));

    private sealed class Kernel(RatioKind ratio, IEventStream<FundamentalFact> facts) : FactKernel(Outputs, facts)
    {
        private double _shares = double.NaN, _eps = double.NaN, _equity = double.NaN, _revenue = double.NaN, _ebitda = double.NaN, _netDebt = double.NaN;

        protected override void Refresh()
        {
            _shares = Stock("EntityCommonStockSharesOutstanding") ?? Stock("CommonStockSharesOutstanding") ?? double.NaN;
            _eps = Flow("EarningsPerShareDiluted") ?? double.NaN;
            _equity = Stock("StockholdersEquity") ?? double.NaN;
            _revenue = Flow("Revenues") ?? Flow("RevenueFromContractWithCustomerExcludingAssessedTax") ?? double.NaN;
            _ebitda = Flow("OperatingIncomeLoss") is { } operating && (Flow("DepreciationDepletionAndAmortization") ?? Flow("DepreciationAndAmortization")) is { } amortization
                ? operating + amortization : double.NaN;
            var debt = Stock("LongTermDebt") ?? (Stock("LongTermDebtNoncurrent") ?? 0) + (Stock("LongTermDebtCurrent") ?? 0);
            _netDebt = debt - (Stock("CashAndCashEquivalentsAtCarryingValue") ?? 0);
        }

        private double? Stock(string tag) => Book.Latest(tag)?.Value;

        private double? Flow(string tag) => Book.LatestTtm(tag)?.Value;

        protected override void Write(int i, in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close[i];
            var marketCap = close * _shares;
            outputs[MarketCap][i] = marketCap;
            outputs[Value][i] = ratio switch
            {
                RatioKind.Pe => Positive(_eps) ? close / _eps : double.NaN,
                RatioKind.EarningsYield => close > 0 ? _eps / close : double.NaN,
                RatioKind.Pb => Positive(_equity) ? marketCap / _equity : double.NaN,
                RatioKind.Ps => Positive(_revenue) ? marketCap / _revenue : double.NaN,
                RatioKind.EvEbitda => Positive(_ebitda) ? (marketCap + _netDebt) / _ebitda : double.NaN,
                _ => double.NaN,
            };
        }

        private static bool Positive(double value) => value > 0;
    }
}
