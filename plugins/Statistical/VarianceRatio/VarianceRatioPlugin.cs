using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.VarianceRatio;

/// <summary>Lo–MacKinlay variance ratio of a rolling window of returns, with its z statistics.</summary>
public sealed class VarianceRatioPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("variance_ratio", "VR(q) = σ²_c(q)/σ²_a: variance of overlapping q-bar sums over q times the one-bar variance (1 under a random walk)."),
        OutputColumn.Float("z", "Lo–MacKinlay z under homoskedastic increments: (VR-1)/√(2(2q-1)(q-1)/(3qT))."),
        OutputColumn.Float("z_robust", "Heteroskedasticity-consistent z*: (VR-1)/√θ, θ = Σ_j (2(q-j)/q)²·δ_j."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.variance_ratio",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "Lo–MacKinlay (1988) variance ratio over the last T = `window` input values (one-bar increments, normally log " +
            "returns), overlapping q-sums with both bias corrections: μ = mean, σ²_a = Σ(r-μ)²/(T-1), σ²_c = Σ_{t=q..T}" +
            "(r_t+…+r_{t-q+1} - qμ)²/m with m = q(T-q+1)(1-q/T); VR = σ²_c/σ²_a. z = (VR-1)/√(2(2q-1)(q-1)/(3qT)); z_robust " +
            "uses θ = Σ_{j=1}^{q-1}(2(q-j)/q)²·δ_j, δ_j = T·Σ_{t>j}(r_t-μ)²(r_{t-j}-μ)²/(Σ(r_t-μ)²)². A window with zero " +
            "variance is null. Recomputed per bar (O(window·q)). " + StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("log_return", "the test is about the increments of the log price."),
            WindowParameter.Spec(100, 4, "Number of increments T; must be at least 2·lag."),
            ParameterSpec.Integer("lag", 2, 2, StatisticalPack.MaxWindow / 2, "Holding period q, in bars, of the aggregated increments."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        if (parameters.GetInt32("window") < 2 * parameters.GetInt32("lag"))
            yield return new ParameterError("lag", "lag must be at most window/2");
    }

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new Kernel(InputSeries.From(p), p.GetInt32("window"), p.GetInt32("lag"));
    }

    private sealed class Kernel(InputKind input, int window, int q) : WindowKernel(Outputs, input, window)
    {
        protected override void Evaluate(ReadOnlySpan<double> r, Span<double> row)
        {
            double t = r.Length;
            var mu = Moments.Mean(r);
            var squares = 0.0;
            foreach (var v in r) squares += (v - mu) * (v - mu);
            if (squares == 0)
            {
                row.Fill(double.NaN);
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
            row[0] = vr;
            row[1] = (vr - 1) / Math.Sqrt(2.0 * (2 * q - 1) * (q - 1) / (3.0 * q * t));
            var theta = 0.0;
            for (var j = 1; j < q; j++)
            {
                var s = 0.0;
                for (var k = j; k < r.Length; k++) s += (r[k] - mu) * (r[k] - mu) * (r[k - j] - mu) * (r[k - j] - mu);
                var weight = 2.0 * (q - j) / q;
                theta += weight * weight * t * s / (squares * squares);
            }
            row[2] = theta > 0 ? (vr - 1) / Math.Sqrt(theta) : double.NaN;
        }
    }
}
