using System.Globalization;
using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.AutomatedExtract;

/// <summary>One output column of the extractor: a calculator with one parameter set.</summary>
internal sealed record ExtractedFeature(string Calculator, string Column, string Description, Func<Scratch, Func<ReadOnlySpan<double>, double>> Bind);

/// <summary>Buffers a kernel allocates once and its calculators share.</summary>
internal sealed class Scratch(int window)
{
    public double[] Sorted { get; } = new double[window];
    public double[] PartialAutocorr { get; } = Autocorrelation.Scratch(CalculatorCatalog.MaxPacfLag);
    public double[] PartialAutocorrResult { get; } = new double[CalculatorCatalog.MaxPacfLag + 1];
    public Dictionary<int, int[]> PermutationCounts { get; } = [];
}

/// <summary>
/// The tsfresh calculators the extractor knows, each with tsfresh's default parameter grid, named the
/// tsfresh way (<c>calculator__param_value</c>, parameters sorted by name) made snake_case: lower case,
/// no quotes, '.' written '_' and '-' written 'minus_' (so <c>quantile__q_0_1</c>, <c>number_crossing_m__m_minus_1</c>).
/// The maths is the statistical pack's (Common), shared with the single-calculator plugins.
/// </summary>
internal static class CalculatorCatalog
{
    public const int MaxPacfLag = 9;

    /// <summary>tsfresh's MinimalFCParameters.</summary>
    public static readonly IReadOnlyList<string> Minimal =
        ["sum_values", "median", "mean", "length", "standard_deviation", "variance", "root_mean_square", "maximum", "absolute_maximum", "minimum"];

    /// <summary>Everything below except the high-cost entropies, as tsfresh's EfficientFCParameters drops them.</summary>
    public static readonly IReadOnlyList<string> Efficient =
    [
        .. Minimal, "abs_energy", "mean_abs_change", "mean_change", "absolute_sum_of_changes", "mean_second_derivative_central",
        "variation_coefficient", "skewness", "kurtosis", "longest_strike_above_mean", "longest_strike_below_mean",
        "autocorrelation", "partial_autocorrelation", "quantile", "c3", "time_reversal_asymmetry_statistic", "cid_ce",
        "number_peaks", "number_crossing_m", "ratio_beyond_r_sigma", "linear_trend", "permutation_entropy",
    ];

    public static readonly IReadOnlyList<string> HighCost = ["sample_entropy", "approximate_entropy"];

    public static IEnumerable<string> Names => Efficient.Concat(HighCost);

    private static Func<Scratch, Func<ReadOnlySpan<double>, double>> Plain(Func<ReadOnlySpan<double>, double> f) => _ => f;

    private static string Value(double v) =>
        v.ToString("0.###############", CultureInfo.InvariantCulture).Replace("-", "minus_", StringComparison.Ordinal).Replace('.', '_');

    private static ExtractedFeature F(string calculator, string description, Func<ReadOnlySpan<double>, double> f) =>
        new(calculator, calculator, description, Plain(f));

    /// <summary>The columns one calculator contributes, in tsfresh's grid order.</summary>
    public static IEnumerable<ExtractedFeature> Expand(string calculator)
    {
        switch (calculator)
        {
            case "sum_values": yield return F(calculator, "Sum of the window.", x => { var s = 0.0; foreach (var v in x) s += v; return s; }); break;
            case "median": yield return new(calculator, calculator, "Median of the window.", s => x => OrderStatistics.Quantile(x, 0.5, s.Sorted)); break;
            case "mean": yield return F(calculator, "Mean of the window.", Moments.Mean); break;
            case "length": yield return F(calculator, "Number of values in the window.", x => x.Length); break;
            case "standard_deviation": yield return F(calculator, "Population standard deviation (np.std).", x => Moments.StdDev(x, 0)); break;
            case "variance": yield return F(calculator, "Population variance (np.var).", x => Moments.Variance(x, 0)); break;
            case "root_mean_square": yield return F(calculator, "√mean(x²).", x => { var s = 0.0; foreach (var v in x) s += v * v; return Math.Sqrt(s / x.Length); }); break;
            case "maximum": yield return F(calculator, "Largest value.", x => { var m = double.MinValue; foreach (var v in x) m = Math.Max(m, v); return m; }); break;
            case "absolute_maximum": yield return F(calculator, "Largest |value|.", x => { var m = 0.0; foreach (var v in x) m = Math.Max(m, Math.Abs(v)); return m; }); break;
            case "minimum": yield return F(calculator, "Smallest value.", x => { var m = double.MaxValue; foreach (var v in x) m = Math.Min(m, v); return m; }); break;
            case "abs_energy": yield return F(calculator, "Σx².", x => { var s = 0.0; foreach (var v in x) s += v * v; return s; }); break;
            case "mean_abs_change": yield return F(calculator, "mean |Δx| (divisor n-1).", PathStatistics.MeanAbsChange); break;
            case "mean_change": yield return F(calculator, "(x_last - x_first)/(n-1).", PathStatistics.MeanChange); break;
            case "absolute_sum_of_changes": yield return F(calculator, "Σ|Δx|.", PathStatistics.AbsoluteSumOfChanges); break;
            case "mean_second_derivative_central": yield return F(calculator, "(x_{n-1} - x_{n-2} - x_1 + x_0)/(2(n-2)), as tsfresh's code computes it.", PathStatistics.MeanSecondDerivativeCentral); break;
            case "variation_coefficient": yield return F(calculator, "Population std / mean; null when the mean is 0.", x => { var m = Moments.Mean(x); return m == 0 ? double.NaN : Moments.StdDev(x, 0) / m; }); break;
            case "skewness": yield return F(calculator, "pandas bias-corrected G1 (pandas-3 relative zero cut-off).", Moments.Skewness); break;
            case "kurtosis": yield return F(calculator, "pandas bias-corrected excess G2 (pandas-3 relative zero cut-off).", Moments.Kurtosis); break;
            case "longest_strike_above_mean": yield return F(calculator, "Longest run strictly above the mean.", x => PathStatistics.LongestStrike(x, true)); break;
            case "longest_strike_below_mean": yield return F(calculator, "Longest run strictly below the mean.", x => PathStatistics.LongestStrike(x, false)); break;
            case "autocorrelation":
                for (var lag = 0; lag <= 9; lag++)
                {
                    var l = lag;
                    yield return new(calculator, $"{calculator}__lag_{l}", $"Autocorrelation at lag {l} (null when σ² <= 1e-8).", Plain(x => Autocorrelation.At(x, l)));
                }
                break;
            case "partial_autocorrelation":
                for (var lag = 0; lag <= MaxPacfLag; lag++)
                {
                    var l = lag;
                    // tsfresh computes all requested lags at once, so lag 0 is 1 whenever the cap allows lag 1.
                    yield return new(calculator, $"{calculator}__lag_{l}", $"Partial autocorrelation at lag {l} (Durbin–Levinson, lags 0..9 requested together).",
                        s => x =>
                        {
                            Autocorrelation.Partial(x, MaxPacfLag, s.PartialAutocorrResult, s.PartialAutocorr);
                            return s.PartialAutocorrResult[l];
                        });
                }
                break;
            case "quantile":
                foreach (var q in new[] { 0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9 })
                {
                    yield return new(calculator, $"{calculator}__q_{Value(q)}", $"The {q} quantile (linear interpolation).", s => x => OrderStatistics.Quantile(x, q, s.Sorted));
                }
                break;
            case "c3":
                for (var lag = 1; lag <= 3; lag++)
                {
                    var l = lag;
                    yield return new(calculator, $"{calculator}__lag_{l}", $"mean x_(i+2·{l})·x_(i+{l})·x_i.", Plain(x => PathStatistics.C3(x, l)));
                }
                break;
            case "time_reversal_asymmetry_statistic":
                for (var lag = 1; lag <= 3; lag++)
                {
                    var l = lag;
                    yield return new(calculator, $"{calculator}__lag_{l}", $"mean x_(i+2·{l})²·x_(i+{l}) - x_(i+{l})·x_i².", Plain(x => PathStatistics.TimeReversalAsymmetry(x, l)));
                }
                break;
            case "cid_ce":
                foreach (var normalize in new[] { true, false })
                {
                    yield return new(calculator, $"{calculator}__normalize_{(normalize ? "true" : "false")}",
                        $"√Σ(Δx)²{(normalize ? " of the z-scored window" : "")}.", Plain(x => PathStatistics.CidCe(x, normalize)));
                }
                break;
            case "number_peaks":
                foreach (var n in new[] { 1, 3, 5, 10, 50 })
                {
                    yield return new(calculator, $"{calculator}__n_{n}", $"Peaks of support {n}.", Plain(x => PathStatistics.NumberPeaks(x, n)));
                }
                break;
            case "number_crossing_m":
                foreach (var m in new[] { 0.0, -1.0, 1.0 })
                {
                    yield return new(calculator, $"{calculator}__m_{Value(m)}", $"Crossings of {m}.", Plain(x => PathStatistics.NumberCrossingM(x, m)));
                }
                break;
            case "ratio_beyond_r_sigma":
                foreach (var r in new[] { 0.5, 1, 1.5, 2, 2.5, 3, 5, 6, 7, 10 })
                {
                    yield return new(calculator, $"{calculator}__r_{Value(r)}", $"Share farther than {r}σ (population) from the mean.", Plain(x => PathStatistics.RatioBeyondRSigma(x, r)));
                }
                break;
            case "linear_trend":
                yield return new(calculator, $"{calculator}__attr_rvalue", "Correlation with the index 0..n-1.", Plain(x => LeastSquaresTrend.Fit(x).RValue));
                yield return new(calculator, $"{calculator}__attr_intercept", "Fit at the window's first bar.", Plain(x => LeastSquaresTrend.Fit(x).Intercept));
                yield return new(calculator, $"{calculator}__attr_slope", "Slope per bar.", Plain(x => LeastSquaresTrend.Fit(x).Slope));
                yield return new(calculator, $"{calculator}__attr_stderr", "Standard error of the slope.", Plain(x => LeastSquaresTrend.Fit(x).StdErr));
                break;
            case "permutation_entropy":
                for (var d = 3; d <= 7; d++)
                {
                    var dimension = d;
                    yield return new(calculator, $"{calculator}__dimension_{d}__tau_1", $"Permutation entropy, dimension {d}, stride 1.",
                        s =>
                        {
                            if (!s.PermutationCounts.TryGetValue(dimension, out var counts))
                            {
                                counts = Entropy.PermutationScratch(dimension);
                                s.PermutationCounts[dimension] = counts;
                            }
                            return x => Entropy.Permutation(x, 1, dimension, counts);
                        });
                }
                break;
            case "sample_entropy": yield return F(calculator, "tsfresh sample entropy (m 2, r 0.2σ); null for tsfresh's +inf.", Entropy.Sample); break;
            case "approximate_entropy":
                foreach (var r in new[] { 0.1, 0.3, 0.5, 0.7, 0.9 })
                {
                    yield return new(calculator, $"{calculator}__m_2__r_{Value(r)}", $"Approximate entropy, m 2, tolerance {r}σ.", Plain(x => Entropy.Approximate(x, 2, r)));
                }
                break;
        }
    }
}
