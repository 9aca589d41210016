using Features.Plugins.Macro.Common;
using Features.PluginSdk;

namespace Features.Plugins.Macro.Prs;

/// <summary>The parameters of <see cref="PrsPlugin"/>.</summary>
public sealed class PrsParameters
{
    [Benchmark]
    public string? Benchmark { get; init; }

    [Parameter("Lookback of prs_percent, in matched bars.", Minimum = 1, Maximum = MacroPack.MaxPeriod)]
    public int Period { get; init; } = 20;
}

/// <summary>Price relative strength of this symbol against a benchmark.</summary>
public sealed class PrsPlugin() : FeaturePlugin<PrsParameters>(MacroPack.Describe("macro.prs", Outputs, ["close"],
    warmup: "period bars for prs_percent (prs has a value from the first bar)",
    description: "Price Relative Strength of this symbol (evaluated) against `benchmark` (base): prs = close / benchmark close " +
                 "from the first bar; prs_percent = the symbol's return over `period` matched bars minus the benchmark's " +
                 "(fractions, not x100), null when either close `period` bars back is 0. Bars are matched on equal " +
                 "timestamps: a bar with no benchmark bar at its timestamp (or a non-finite close) gets null in every " +
                 "column and does not advance state, so `period` counts matched bars."))
{
    private static readonly AuxiliaryInput BenchmarkSeries = new("benchmark");

    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Prs = Outputs.Float("prs", "This symbol's close / the benchmark's close; null when the benchmark's close is 0.");
    private static readonly FloatOutput PrsPercent = Outputs.Float("prs_percent", "This symbol's `period`-bar return minus the benchmark's, as fractions: (C - C0) / C0 - (B - B0) / B0.");

    protected override int WarmupBars(PrsParameters p) => p.Period;

    protected override IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(PrsParameters p) => [BenchmarkSeries.For(p.Benchmark!)];

    protected override IFeatureKernel CreateKernel(PrsParameters p, KernelContext context) =>
        new PrsKernel(new MatchedSeries(BenchmarkSeries.Open(context)), p.Period);

    private sealed class PrsKernel(MatchedSeries benchmark, int period) : FeatureKernel(Outputs)
    {
        private readonly ValueRing _eval = new(period + 1);
        private readonly ValueRing _base = new(period + 1);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var timestamps = bars.Timestamp;
            var close = bars.Close;
            Span<double> prs = outputs[Prs], prsPercent = outputs[PrsPercent];
            for (var i = 0; i < timestamps.Length; i++)
            {
                prs[i] = prsPercent[i] = double.NaN;
                if (!benchmark.TryMatch(timestamps[i], out var other) || !double.IsFinite(close[i]) || !double.IsFinite(other.Close))
                {
                    continue;
                }
                var e = close[i];
                var b = other.Close;
                _eval.Add(e);
                _base.Add(b);
                if (b != 0) prs[i] = e / b;
                if (!_eval.IsFull) continue;
                var e0 = _eval.Back(period);
                var b0 = _base.Back(period);
                if (e0 != 0 && b0 != 0)
                {
                    prsPercent[i] = (e - e0) / e0 - (b - b0) / b0;
                }
            }
        }
    }
}
