using Features.Plugins.Macro.Common;
using Features.PluginSdk;

namespace Features.Plugins.Macro.Corr;

/// <summary>The parameters of <see cref="CorrPlugin"/>.</summary>
public sealed class CorrParameters
{
    [Benchmark]
    public string? Benchmark { get; init; }

    [Parameter("Lookback, in matched bars.", Minimum = 2, Maximum = MacroPack.MaxPeriod)]
    public int Period { get; init; } = 20;
}

/// <summary>Rolling correlation of this symbol's closes with a benchmark's.</summary>
public sealed class CorrPlugin() : FeaturePlugin<CorrParameters>(MacroPack.Describe("macro.corr", Outputs, ["close"],
    warmup: "period - 1 bars",
    description: "Correlation of this symbol's closes (A) with `benchmark`'s closes (B) over the last `period` matched bars, " +
                 "with population (divide by n) variances and covariance, computed from compensated sums of deviations " +
                 "from an in-window anchor (more accurate than the reference library's one-pass E[x^2] - E[x]^2, which " +
                 "it matches to ~1e-8 relative where the covariance is near 0). Bars are matched on equal timestamps: " +
                 "a bar with no benchmark bar at its timestamp (or a non-finite close) gets null in every column and " +
                 "does not advance the window."))
{
    private static readonly AuxiliaryInput BenchmarkSeries = new("benchmark");

    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput VarianceA = Outputs.Float("variance_a", "Population variance of this symbol's last `period` closes.");
    private static readonly FloatOutput VarianceB = Outputs.Float("variance_b", "Population variance of the benchmark's last `period` closes.");
    private static readonly FloatOutput Covariance = Outputs.Float("covariance", "Population covariance of the two windows of closes.");
    private static readonly FloatOutput Correlation = Outputs.Float("correlation", "Pearson correlation covariance / sqrt(variance_a * variance_b); null when either variance is 0.");
    private static readonly FloatOutput RSquared = Outputs.Float("r_squared", "correlation squared.");

    protected override int WarmupBars(CorrParameters p) => p.Period - 1;

    protected override IReadOnlyList<AuxiliarySeriesRequest> AuxiliarySeries(CorrParameters p) => [BenchmarkSeries.For(p.Benchmark!)];

    protected override IFeatureKernel CreateKernel(CorrParameters p, KernelContext context) =>
        new CorrKernel(new MatchedSeries(BenchmarkSeries.Open(context)), p.Period);

    private sealed class CorrKernel(MatchedSeries benchmark, int period) : FeatureKernel(Outputs)
    {
        private readonly RollingCoMoments _window = new(period);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var timestamps = bars.Timestamp;
            var close = bars.Close;
            Span<double> varianceAColumn = outputs[VarianceA], varianceBColumn = outputs[VarianceB], covarianceColumn = outputs[Covariance];
            Span<double> correlationColumn = outputs[Correlation], rSquared = outputs[RSquared];
            for (var i = 0; i < timestamps.Length; i++)
            {
                varianceAColumn[i] = varianceBColumn[i] = covarianceColumn[i] = correlationColumn[i] = rSquared[i] = double.NaN;
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
                varianceAColumn[i] = varianceA;
                varianceBColumn[i] = varianceB;
                covarianceColumn[i] = covariance;
                correlationColumn[i] = correlation;
                rSquared[i] = correlation * correlation;
            }
        }
    }
}
