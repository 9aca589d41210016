using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.VarianceRatio;

/// <summary>The parameters of <see cref="VarianceRatioPlugin"/>.</summary>
public sealed class VarianceRatioParameters
{
    [Input("the test is about the increments of the log price.")]
    public InputKind Input { get; init; } = InputKind.LogReturn;

    [Window(4, "Number of increments T; must be at least 2·lag.")]
    public int Window { get; init; } = 100;

    [Parameter("Holding period q, in bars, of the aggregated increments.", Minimum = 2, Maximum = StatisticalPack.MaxWindow / 2)]
    public int Lag { get; init; } = 2;
}

/// <summary>Lo–MacKinlay variance ratio of a rolling window of returns, with its z statistics.</summary>
public sealed class VarianceRatioPlugin() : FeaturePlugin<VarianceRatioParameters>(StatisticalPack.Describe("statistical.variance_ratio", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "Lo–MacKinlay (1988) variance ratio over the last T = `window` input values (one-bar increments, normally log " +
                 "returns), overlapping q-sums with both bias corrections: μ = mean, σ²_a = Σ(r-μ)²/(T-1), σ²_c = Σ_{t=q..T}" +
                 "(r_t+…+r_{t-q+1} - qμ)²/m with m = q(T-q+1)(1-q/T); VR = σ²_c/σ²_a. z = (VR-1)/√(2(2q-1)(q-1)/(3qT)); z_robust " +
                 "uses θ = Σ_{j=1}^{q-1}(2(q-j)/q)²·δ_j, δ_j = T·Σ_{t>j}(r_t-μ)²(r_{t-j}-μ)²/(Σ(r_t-μ)²)². A window with zero " +
                 "variance is null. Recomputed per bar (O(window·q)). " + StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput VarianceRatio = Outputs.Float("variance_ratio", "VR(q) = σ²_c(q)/σ²_a: variance of overlapping q-bar sums over q times the one-bar variance (1 under a random walk).");
    private static readonly FloatOutput Z = Outputs.Float("z", "Lo–MacKinlay z under homoskedastic increments: (VR-1)/√(2(2q-1)(q-1)/(3qT)).");
    private static readonly FloatOutput ZRobust = Outputs.Float("z_robust", "Heteroskedasticity-consistent z*: (VR-1)/√θ, θ = Σ_j (2(q-j)/q)²·δ_j.");

    protected override int WarmupBars(VarianceRatioParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IEnumerable<ParameterError> Validate(VarianceRatioParameters p)
    {
        if (p.Window < 2 * p.Lag)
            yield return Error(nameof(p.Lag), $"{NameOf(nameof(p.Lag))} must be at most {NameOf(nameof(p.Window))}/2");
    }

    protected override IFeatureKernel CreateKernel(VarianceRatioParameters p, KernelContext context) => new Kernel(p.Input, p.Window, p.Lag);

    private sealed class Kernel(InputKind input, int window, int q) : WindowKernel(Outputs, input, window)
    {
        protected override void Evaluate(ReadOnlySpan<double> r, in WindowRow row)
        {
            double t = r.Length;
            var mu = Moments.Mean(r);
            var squares = 0.0;
            foreach (var v in r) squares += (v - mu) * (v - mu);
            if (squares == 0)
            {
                row.SetAllNull();
                return;
            }
            var varA = squares / (t - 1);
            var m = q * (t - q + 1) * (1 - q / t);
            var sumQ = 0.0;
            for (var i = 0; i < q; i++) sumQ += r[i];
            var c = 0.0;
            for (var end = q - 1; end < r.Length; end++)
            {
                if (end >= q) sumQ += r[end] - r[end - q];
                var d = sumQ - q * mu;
                c += d * d;
            }
            var vr = c / m / varA;
            row.Set(VarianceRatio, vr);
            row.Set(Z, (vr - 1) / Math.Sqrt(2.0 * (2 * q - 1) * (q - 1) / (3.0 * q * t)));
            var theta = 0.0;
            for (var j = 1; j < q; j++)
            {
                var s = 0.0;
                for (var k = j; k < r.Length; k++) s += (r[k] - mu) * (r[k] - mu) * (r[k - j] - mu) * (r[k - j] - mu);
                var weight = 2.0 * (q - j) / q;
                theta += weight * weight * t * s / (squares * squares);
            }
            row.Set(ZRobust, theta > 0 ? (vr - 1) / Math.Sqrt(theta) : double.NaN);
        }
    }
}
