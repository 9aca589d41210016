using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.PermutationEntropy;

/// <summary>tsfresh's permutation_entropy over a rolling window.</summary>
public sealed class PermutationEntropyPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("permutation_entropy", "Shannon entropy (natural log, not normalised by ln D!) of the ordinal patterns of the window.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.permutation_entropy",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "tsfresh permutation_entropy(x, tau, dimension) over the last `window` values: sub-windows x[s·tau .. s·tau+D) for " +
            "s = 0..⌊(n-D)/tau⌋ (tau is a stride, not the Bandt–Pompe delay), each mapped to its rank vector with ties ranked " +
            "by position (earlier = lower), value -Σ p·ln p over the pattern frequencies (natural log, not normalised). " +
            "Recomputed per bar (O(window·D²)). " + StatisticalPack.NullPolicy,
        Parameters =
        [
            InputSeries.Parameter("log_return", "ordinal patterns of increments; the patterns of a trending price are trivially monotone."),
            WindowParameter.Spec(50, 2, "Must be at least `dimension`."),
            ParameterSpec.Integer("tau", 1, 1, 100, "Stride between successive sub-windows, in bars (tsfresh's `tau`)."),
            ParameterSpec.Integer("dimension", 3, 2, 7, "Length D of each sub-window (tsfresh's `dimension`)."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = WindowParameter.WarmupRule,
    };

    public int WarmupBars(ParameterValues parameters) => WindowParameter.Warmup(parameters);

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        if (parameters.GetInt32("window") < parameters.GetInt32("dimension"))
            yield return new ParameterError("window", "window must be at least dimension");
    }

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        var tau = p.GetInt32("tau");
        var dimension = p.GetInt32("dimension");
        var counts = Entropy.PermutationScratch(dimension);
        return new ScalarWindowKernel(Outputs, InputSeries.From(p), p.GetInt32("window"), x => Entropy.Permutation(x, tau, dimension, counts));
    }
}
