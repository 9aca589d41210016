using Features.Plugins.Macro.Common;
using Features.PluginSdk;

namespace Features.Plugins.Macro.Corr;

/// <summary>Rolling correlation of this symbol's closes with a benchmark's.</summary>
public sealed class CorrPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("variance_a", "Population variance of this symbol's last `period` closes."),
        OutputColumn.Float("variance_b", "Population variance of the benchmark's last `period` closes."),
        OutputColumn.Float("covariance", "Population covariance of the two windows of closes."),
        OutputColumn.Float("correlation", "Pearson correlation covariance / sqrt(variance_a * variance_b); null when either variance is 0."),
        OutputColumn.Float("r_squared", "correlation squared."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "macro.corr",
        Type = FeatureType.Macro,
        Version = MacroPack.Version,
        Description = "Correlation of this symbol's closes (A) with `benchmark`'s closes (B) over the last `period` matched bars, " +
                      "with population (divide by n) variances and covariance, computed from compensated sums of deviations " +
                      "from an in-window anchor (more accurate than the reference library's one-pass E[x^2] - E[x]^2, which " +
                      "it matches to ~1e-8 relative where the covariance is near 0). Bars are matched on equal timestamps: " +
                      "a bar with no benchmark bar at its timestamp (or a non-finite close) gets null in every column and " +
                      "does not advance the window.",
        Parameters =
        [
            MacroPack.Benchmark(),
            ParameterSpec.Integer("period", 20, 2, MacroPack.MaxPeriod, "Lookback, in matched bars."),
        ],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(ParameterValues parameters) =>
        [new("benchmark", parameters.GetString("benchmark"))];

    public IFeatureKernel CreateKernel(KernelContext context) =>
        new CorrKernel(new MatchedSeries(MacroPack.Auxiliary(context, "benchmark")), context.Parameters.GetInt32("period"));

    private sealed class CorrKernel(MatchedSeries benchmark, int period) : BarKernel(Outputs)
    {
        private readonly RollingCoMoments _window = new(period);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var timestamps = bars.Timestamp;
            var close = bars.Close;
            for (var i = 0; i < timestamps.Length; i++)
            {
                for (var c = 0; c < outputs.Length; c++) outputs[c][i] = double.NaN;
                if (!benchmark.TryMatch(timestamps[i], out var other) || !double.IsFinite(close[i]) || !double.IsFinite(other.Close))
                {
                    continue;
                }
                _window.Add(close[i], other.Close);
                if (!_window.IsFull) continue;
                var varianceA = _window.VarianceX;
                var varianceB = _window.VarianceY;
                var covariance = _window.Covariance;
                var divisor = Math.Sqrt(varianceA * varianceB);
                var correlation = divisor > 0 ? covariance / divisor : double.NaN;
                outputs[0][i] = varianceA;
                outputs[1][i] = varianceB;
                outputs[2][i] = covariance;
                outputs[3][i] = correlation;
                outputs[4][i] = correlation * correlation;
            }
        }
    }
}
