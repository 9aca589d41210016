using Features.Plugins.Fundamental.Common;
using Features.PluginSdk;

namespace Features.Plugins.Fundamental.Growth;

/// <summary>The parameters of <see cref="GrowthPlugin"/>.</summary>
public sealed class GrowthParameters
{
    [Tag]
    public string? Tag { get; init; }

    [Parameter("For a flow item: true compares trailing-twelve-month values, false single quarters (the latest quarter against the same quarter a year before). A stock item compares its latest value with the one about a year before.")]
    public bool Ttm { get; init; } = true;

    [LagDays]
    public int LagDays { get; init; }
}

/// <summary>Year-over-year growth of a tag, as known at each bar's close.</summary>
public sealed class GrowthPlugin() : FeaturePlugin<GrowthParameters>(new()
{
    Key = "fundamental.growth",
    Type = FeatureType.Fundamental,
    Version = FundamentalPack.Version,
    Description = "Year-over-year growth (x - x0) / |x0| of a filing tag known at each bar's close: x at the latest period end, x0 at the " +
                  "period end about four quarters earlier (within a week), both as known now (a restated prior year counts from its " +
                  "restatement). Flow items: TTM (ttm=true) or the single quarter (ttm=false), derived as fundamental.value derives them; " +
                  "stock items: the values at the two period ends. Null when either is unknown or x0 is 0. Same point-in-time rules as fundamental.value.",
    Outputs = Outputs.Columns,
    InputColumns = ["timestamp"],
    WarmupRule = "none (the host delivers every fact known before the first bar)",
})
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Growth = Outputs.Float("growth", "(x - x0) / |x0| for the latest period end against the one a year before; null when either is unknown or x0 is 0.");

    protected override int WarmupBars(GrowthParameters p) => 0;

    protected override IReadOnlyList<EventSeriesRequest> EventSeries(GrowthParameters p) => [FundamentalPack.Request(p.LagDays)];

    protected override IFeatureKernel CreateKernel(GrowthParameters p, KernelContext context) =>
        new Kernel(FundamentalPack.Tag(p.Tag!), p.Ttm, FundamentalPack.Facts.Open(context));

    private sealed class Kernel(string tag, bool ttm, IEventStream<FundamentalFact> facts) : FactKernel(Outputs, facts)
    {
        private double _growth = double.NaN;

        protected override void Refresh()
        {
            _growth = double.NaN;
            if (Book.Latest(tag) is { } stock)
            {
                if (Book.EndBefore(tag, stock.End, 4) is { } earlier && Book.At(tag, earlier, 0) is { } before) _growth = Change(stock.Value, before);
                return;
            }
            if ((ttm ? Book.LatestTtm(tag)?.End : Book.LatestQuarterEnd(tag)) is not { } end || Book.EndBefore(tag, end, 4) is not { } yearAgo) return;
            var (now, then) = ttm ? (Book.Ttm(tag, end), Book.Ttm(tag, yearAgo)) : (Book.Quarter(tag, end), Book.Quarter(tag, yearAgo));
            if (now is { } x && then is { } x0) _growth = Change(x, x0);
        }

        private static double Change(double x, double x0) => x0 == 0 ? double.NaN : (x - x0) / Math.Abs(x0);

        protected override void Write(int i, in BarSpans bars, in KernelOutputs outputs) => outputs[Growth][i] = _growth;
    }
}
