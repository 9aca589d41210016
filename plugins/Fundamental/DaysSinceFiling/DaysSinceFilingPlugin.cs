using Features.Plugins.Fundamental.Common;
using Features.PluginSdk;

namespace Features.Plugins.Fundamental.DaysSinceFiling;

/// <summary>The parameters of <see cref="DaysSinceFilingPlugin"/>.</summary>
public sealed class DaysSinceFilingParameters
{
    [LagDays]
    public int LagDays { get; init; }
}

/// <summary>Days since the latest filing became usable, at each bar.</summary>
public sealed class DaysSinceFilingPlugin() : FeaturePlugin<DaysSinceFilingParameters>(new()
{
    Key = "fundamental.days_since_filing",
    Type = FeatureType.Fundamental,
    Version = FundamentalPack.Version,
    Description = "Calendar days (UTC dates) from the day the latest filing with facts became usable (its acceptance, after 17:30 US " +
                  "Eastern the next business day, plus lag_days) to the bar's date, and whether that filing is an annual report " +
                  "(10-K, 20-F, 40-F and their amendments). Null before the first filing.",
    Outputs = Outputs.Columns,
    InputColumns = ["timestamp"],
    WarmupRule = "none (the host delivers every fact known before the first bar)",
})
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Days = Outputs.Float("days", "Calendar days from the latest filing's usable date to this bar's date; null before the first filing.");
    private static readonly BoolOutput Annual = Outputs.Bool("annual", "True when the latest filing is an annual report (10-K, 20-F, 40-F, or an amendment of one).");

    protected override int WarmupBars(DaysSinceFilingParameters p) => 0;

    protected override IReadOnlyList<EventSeriesRequest> EventSeries(DaysSinceFilingParameters p) => [FundamentalPack.Request(p.LagDays)];

    protected override IFeatureKernel CreateKernel(DaysSinceFilingParameters p, KernelContext context) => new Kernel(p.LagDays, FundamentalPack.Facts.Open(context));

    private sealed class Kernel(int lagDays, IEventStream<FundamentalFact> facts) : FactKernel(Outputs, facts)
    {
        private const long MicrosPerDay = 86_400_000_000;
        private bool _annual;

        protected override void Refresh() =>
            _annual = LatestFiling is { } f && (f.Form.StartsWith("10-K", StringComparison.Ordinal) || f.Form.StartsWith("20-F", StringComparison.Ordinal) || f.Form.StartsWith("40-F", StringComparison.Ordinal));

        protected override void Write(int i, in BarSpans bars, in KernelOutputs outputs)
        {
            var annual = outputs[Annual];
            if (LatestFiling is not { } filing)
            {
                outputs[Days][i] = double.NaN;
                annual.SetNull(i);
                return;
            }
            // Usable from availability plus the lag (1.0.0 counted from availability alone, so a lag of 45 days started at 45).
            var usable = filing.AvailableAt + lagDays * MicrosPerDay;
            outputs[Days][i] = Math.Max(0, Math.Floor(bars.Timestamp[i] / (double)MicrosPerDay) - Math.Floor(usable / (double)MicrosPerDay));
            annual.Set(i, _annual);
        }
    }
}
