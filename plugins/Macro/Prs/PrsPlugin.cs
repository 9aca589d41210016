using Features.Plugins.Macro.Common;
using Features.PluginSdk;

namespace Features.Plugins.Macro.Prs;

/// <summary>Price relative strength of this symbol against a benchmark.</summary>
public sealed class PrsPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("prs", "This symbol's close / the benchmark's close; null when the benchmark's close is 0."),
        OutputColumn.Float("prs_percent", "This symbol's `period`-bar return minus the benchmark's, as fractions: (C - C0) / C0 - (B - B0) / B0."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "macro.prs",
        Type = FeatureType.Macro,
        Version = MacroPack.Version,
        Description = "Price Relative Strength of this symbol (evaluated) against `benchmark` (base): prs = close / benchmark close " +
                      "from the first bar; prs_percent = the symbol's return over `period` matched bars minus the benchmark's " +
                      "(fractions, not x100), null when either close `period` bars back is 0. Bars are matched on equal " +
                      "timestamps: a bar with no benchmark bar at its timestamp (or a non-finite close) gets null in every " +
                      "column and does not advance state, so `period` counts matched bars.",
        Parameters =
        [
            MacroPack.Benchmark(),
            ParameterSpec.Integer("period", 20, 1, MacroPack.MaxPeriod, "Lookback of prs_percent, in matched bars."),
        ],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period bars for prs_percent (prs has a value from the first bar)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period");

    public IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(ParameterValues parameters) =>
        [new("benchmark", parameters.GetString("benchmark"))];

    public IFeatureKernel CreateKernel(KernelContext context) =>
        new PrsKernel(new MatchedSeries(MacroPack.Auxiliary(context, "benchmark")), context.Parameters.GetInt32("period"));

    private sealed class PrsKernel(MatchedSeries benchmark, int period) : BarKernel(Outputs)
    {
        private readonly ValueRing _eval = new(period + 1);
        private readonly ValueRing _base = new(period + 1);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var timestamps = bars.Timestamp;
            var close = bars.Close;
            var (prs, prsPercent) = (outputs[0], outputs[1]);
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
