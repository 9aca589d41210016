using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.CidCe;

/// <summary>The parameters of <see cref="CidCePlugin"/>.</summary>
public sealed class CidCeParameters
{
    [Input("the complexity estimate describes the shape of the price path.")]
    public InputKind Input { get; init; } = InputKind.Close;

    [Window(2)]
    public int Window { get; init; } = 20;

    [Parameter("z-score the window (population std) before measuring (tsfresh's `normalize`).")]
    public bool Normalize { get; init; } = true;
}

/// <summary>tsfresh's cid_ce complexity estimate over a rolling window.</summary>
public sealed class CidCePlugin() : FeaturePlugin<CidCeParameters>(StatisticalPack.Describe("statistical.cid_ce", Outputs, InputSeries.Columns,
    warmup: WindowParameter.WarmupRule,
    description: "tsfresh cid_ce(x, normalize) over the last `window` values: √(Σ_{i<n-1}(x_{i+1}-x_i)²), not divided by n. With " +
                 "`normalize` the window is first z-scored with its population std; a window with std exactly 0 gives 0. " +
                 "Recomputed per bar (O(window)). " + StatisticalPack.NullPolicy))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput CidCe = Outputs.Float("cid_ce", "√Σ(x_{i+1}-x_i)² over the window (z-scored first when `normalize`).");

    protected override int WarmupBars(CidCeParameters p) => WindowParameter.Warmup(p.Window, p.Input);

    protected override IFeatureKernel CreateKernel(CidCeParameters p, KernelContext context)
    {
        var normalize = p.Normalize;
        return new ScalarWindowKernel(CidCe, p.Input, p.Window, x => PathStatistics.CidCe(x, normalize));
    }
}
