using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.PermutationEntropy;

/// <summary>The parameters of <see cref="PermutationEntropyPlugin"/>.</summary>
public sealed class PermutationEntropyParameters
{
    [Input("ordinal patterns of increments; the patterns of a trending price are trivially monotone.")]
    public InputKind Input { get; init; } = InputKind.LogReturn;

    [Window(2, "Must be at least `dimension`.")]
    public int Window { get; init; } = 50;

    [Parameter("Stride between successive sub-windows, in bars (tsfresh's `tau`).", Minimum = 1, Maximum = 100)]
    public int Tau { get; init; } = 1;

    [Parameter("Length D of each sub-window (tsfresh's `dimension`).", Minimum = 2, Maximum = 7)]
    public int Dimension { get; init; } = 3;
}

/// <summary>tsfresh's permutation_entropy over a rolling window.</summary>
public sealed class PermutationEntropyPlugin() : FeaturePlugin<PermutationEntropyParameters>(StatisticalPack.Describe("statistical.permutation_entropy", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "tsfresh permutation_entropy(x, tau, dimension) over the last `window` values: sub-windows x[s·tau .. s·tau+D) for " +
                 "s = 0..⌊(n-D)/tau⌋ (tau is a stride, not the Bandt–Pompe delay), each mapped to its rank vector with ties ranked " +
                 "by position (earlier = lower), value -Σ p·ln p over the pattern frequencies (natural log, not normalised). " +
                 "Recomputed per bar (O(window·D²)). " + StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput PermutationEntropy = Outputs.Float("permutation_entropy", "Shannon entropy (natural log, not normalised by ln D!) of the ordinal patterns of the window.");

    protected override int WarmupBars(PermutationEntropyParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IEnumerable<ParameterError> Validate(PermutationEntropyParameters p)
    {
        if (p.Window < p.Dimension)
            yield return Error(nameof(p.Window), $"{NameOf(nameof(p.Window))} must be at least {NameOf(nameof(p.Dimension))}");
    }

    protected override IFeatureKernel CreateKernel(PermutationEntropyParameters p, KernelContext context)
    {
        var tau = p.Tau;
        var dimension = p.Dimension;
        var counts = Entropy.PermutationScratch(dimension);
        return new ScalarWindowKernel(PermutationEntropy, p.Input, p.Window, x => Entropy.Permutation(x, tau, dimension, counts));
    }
}
