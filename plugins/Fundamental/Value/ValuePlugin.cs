using Features.Plugins.Fundamental.Common;
using Features.PluginSdk;

namespace Features.Plugins.Fundamental.Value;

/// <summary>The parameters of <see cref="ValuePlugin"/>.</summary>
public sealed class ValueParameters
{
    [Tag]
    public string? Tag { get; init; }

    [Parameter("For a flow item (reported over quarters): true gives the trailing twelve months, false the latest single quarter. A stock item (a point in time) gives its latest value either way.")]
    public bool Ttm { get; init; } = true;

    [LagDays]
    public int LagDays { get; init; }
}

/// <summary>A tag's value as known at each bar's close: a stock item's latest value, a flow item's TTM or latest quarter.</summary>
public sealed class ValuePlugin() : FeaturePlugin<ValueParameters>(new()
{
    Key = "fundamental.value",
    Type = FeatureType.Fundamental,
    Version = FundamentalPack.Version,
    Description = "A filing tag's value known at each bar's close, point in time: a fact counts from its filing's acceptance (after " +
                  "17:30 US Eastern from the next business day) plus lag_days, and for each period the latest filing's version is used " +
                  "(amendments and restatements only from their own acceptance). Stock items (qtrs 0): the value at the latest period " +
                  "end. Flow items: ttm=true the sum of the last four quarters (quarters reported, or derived: a quarter reported only " +
                  "year to date is YTD minus the previous YTD, Q4 is FY minus 9-month YTD; when a quarter cannot be had, last fiscal " +
                  "year plus this year to date minus last year to date; else the annual value); ttm=false the latest single quarter. " +
                  "Null until the tag is first known. Reads only the bars' timestamps.",
    Outputs = Outputs.Columns,
    InputColumns = ["timestamp"],
    WarmupRule = "none (the host delivers every fact known before the first bar)",
})
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Value = Outputs.Float("value", "The tag's value known at this bar's close (TTM or latest quarter for flow items, latest value for stock items); null before it is known.");
    private static readonly FloatOutput PeriodAgeDays = Outputs.Float("period_age_days", "Days from the end of the period the value is for to this bar's timestamp.");

    protected override int WarmupBars(ValueParameters p) => 0;

    protected override IReadOnlyList<EventSeriesRequest> EventSeries(ValueParameters p) => [FundamentalPack.Request(p.LagDays)];

    protected override IFeatureKernel CreateKernel(ValueParameters p, KernelContext context) =>
        new Kernel(FundamentalPack.Tag(p.Tag!), p.Ttm, FundamentalPack.Facts.Open(context));

    private sealed class Kernel(string tag, bool ttm, IEventStream<FundamentalFact> facts) : FactKernel(Outputs, facts)
    {
        private (double Value, DateTime End)? _current;

        protected override void Refresh() => _current = Book.Latest(tag)
            ?? (ttm ? Book.LatestTtm(tag) : Book.LatestQuarterEnd(tag) is { } end ? (Book.Quarter(tag, end)!.Value, end) : null);

        protected override void Write(int i, in BarSpans bars, in KernelOutputs outputs)
        {
            var (value, age) = _current is { } c ? (c.Value, (bars.Timestamp[i] - (c.End - DateTime.UnixEpoch).Ticks / 10) / FundamentalPack.MicrosPerDay) : (double.NaN, double.NaN);
            outputs[Value][i] = value;
            outputs[PeriodAgeDays][i] = age;
        }
    }
}
