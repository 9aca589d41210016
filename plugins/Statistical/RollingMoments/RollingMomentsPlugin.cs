using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.RollingMoments;

/// <summary>The parameters of <see cref="RollingMomentsPlugin"/>.</summary>
public sealed class RollingMomentsParameters
{
    [Input("distributional statistics need a stationary series, and prices are not.")]
    public InputKind Input { get; init; } = InputKind.LogReturn;

    [Window(4, "At least 4 so the kurtosis is defined.")]
    public int Window { get; init; } = 20;

    [Parameter("Delta degrees of freedom of `std`: 0 = population (tsfresh), 1 = sample (pandas' default).", Minimum = 0, Maximum = 1)]
    public int Ddof { get; init; } = 0;
}

/// <summary>Mean, standard deviation, skewness and excess kurtosis over a rolling window.</summary>
public sealed class RollingMomentsPlugin() : FeaturePlugin<RollingMomentsParameters>(StatisticalPack.Describe("statistical.rolling_moments", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "Rolling moments of the input over the last `window` values, following tsfresh: mean; standard deviation with " +
                 "denominator n-ddof (ddof 0 = population, tsfresh's standard_deviation, the default; ddof 1 = sample); skew = pandas " +
                 "Series.skew (bias-corrected G1, needs 3 values); kurt = pandas Series.kurtosis (bias-corrected excess G2, needs 4). " +
                 "Near-zero centred power sums are zeroed by the pandas-3 relative rule |M_k| < (eps·max|x|)^k·n, so a constant " +
                 "window gives skew 0 and kurt 0. Recomputed per bar over the window, two-pass (O(window)), for exactness. " +
                 StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Mean = Outputs.Float("mean", "Arithmetic mean of the window.");
    private static readonly FloatOutput Std = Outputs.Float("std", "Standard deviation of the window: √(Σ(x-μ)²/(n-ddof)); population (tsfresh's np.std) by default.");
    private static readonly FloatOutput Skew = Outputs.Float("skew", "Sample skewness, pandas' bias-corrected G1 = n·√(n-1)/(n-2)·M3/M2^1.5 (M_k centred power sums); 0 for a constant window.");
    private static readonly FloatOutput Kurt = Outputs.Float("kurt", "Sample excess kurtosis, pandas' bias-corrected G2 (0 for a normal distribution); 0 for a constant window.");

    protected override int WarmupBars(RollingMomentsParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IFeatureKernel CreateKernel(RollingMomentsParameters p, KernelContext context) => new Kernel(p.Input, p.Window, p.Ddof);

    /// <summary>
    /// The window loop of <see cref="WindowKernel"/>, four windows at a time where four consecutive windows are usable
    /// (<see cref="FourWindowMoments"/>: one window per vector lane, so no horizontal sums, and one square root and one
    /// division for four windows), else one at a time with <see cref="Moments.All(ReadOnlySpan{double}, in Moments.Shape)"/>.
    /// Both give the same bits, which are <c>automated.extract</c>'s mean, standard_deviation, skewness and kurtosis.
    /// </summary>
    private sealed class Kernel(InputKind input, int window, int ddof) : FeatureKernel(Outputs)
    {
        private readonly WindowHistory _history = new(window);
        private readonly Moments.Shape _shape = new(window, ddof);
        private InputReader _input = new(input);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            Span<double> mean = outputs[Mean], std = outputs[Std], skew = outputs[Skew], kurt = outputs[Kurt];
            for (var done = 0; done < bars.Length;)
            {
                var inputs = _history.Append(Math.Min(bars.Length - done, WindowHistory.MaxAppend));
                _input.Read(bars, done, inputs);
                var count = inputs.Length;
                var windows = _history.Take();
                var j = 0;
                if (FourWindowMoments.IsSupported)
                {
                    for (; j + 4 <= count; j += 4)
                    {
                        var usable = windows.Usable.Slice(j, 4);
                        if (usable[0] && usable[1] && usable[2] && usable[3]
                            && FourWindowMoments.TryAll(windows.Values, windows.FirstStart + j, _shape, out var m, out var sd, out var g1, out var g2))
                        {
                            var i = done + j;
                            FourWindowMoments.Finite(m).CopyTo(mean.Slice(i, 4));
                            FourWindowMoments.Finite(sd).CopyTo(std.Slice(i, 4));
                            FourWindowMoments.Finite(g1).CopyTo(skew.Slice(i, 4));
                            FourWindowMoments.Finite(g2).CopyTo(kurt.Slice(i, 4));
                        }
                        else
                        {
                            for (var w = j; w < j + 4; w++) One(windows, w, done + w, mean, std, skew, kurt);
                        }
                    }
                }
                for (; j < count; j++) One(windows, j, done + j, mean, std, skew, kurt);
                done += count;
            }
        }

        private void One(in WindowHistory.Windows windows, int k, int i, Span<double> mean, Span<double> std, Span<double> skew, Span<double> kurt)
        {
            if (windows.Usable[k])
            {
                var m = Moments.All(windows.Values.Slice(windows.FirstStart + k, window), _shape);
                // Infinity is never emitted: a degenerate statistic is null.
                mean[i] = Finite(m.Mean);
                std[i] = Finite(m.StdDev);
                skew[i] = Finite(m.Skewness);
                kurt[i] = Finite(m.Kurtosis);
            }
            else
            {
                mean[i] = std[i] = skew[i] = kurt[i] = double.NaN;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double Finite(double v) => double.IsFinite(v) ? v : double.NaN;
    }
}
