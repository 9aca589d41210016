using Features.PluginSdk;

namespace HelloPlugin;

/// <summary>
/// The parameters of <see cref="MomentumPlugin"/>: one property per parameter. The wire name is the property name in
/// snake_case (<c>Period</c> → <c>period</c>), the default is its initial value, the range and description are in the attribute.
/// </summary>
public sealed class MomentumParameters
{
    [Parameter("Lookback, in bars.", Minimum = 1, Maximum = 1000)]
    public int Period { get; init; } = 10;
}

/// <summary>Momentum: the close minus the close <c>period</c> bars earlier.</summary>
public sealed class MomentumPlugin() : FeaturePlugin<MomentumParameters>(new()
{
    // Everything the host lists, validates and hashes is data: no plugin code runs before a request is valid.
    Key = "sample.momentum",
    Type = FeatureType.Technical,
    Version = "1.0.0",
    Description = "Momentum: close[t] - close[t - period]. A sample plugin from samples/HelloPlugin.",
    Outputs = Outputs.Columns,   // the parameters come from MomentumParameters
    InputColumns = ["close"],
    WarmupRule = "period bars",
})
{
    // Each output column is declared once, as a handle the kernel writes through (the list first: static fields
    // initialise in order).
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Momentum =
        Outputs.Float("momentum", "close minus the close `period` bars earlier; null until `period` earlier bars exist");

    // The base class binds the request's values to MomentumParameters for every rule: no parameter name as a string.
    protected override int WarmupBars(MomentumParameters p) => p.Period;

    protected override IFeatureKernel CreateKernel(MomentumParameters p, KernelContext context) => new Kernel(p.Period);

    // State (the last `period` closes) lives in fields, so it carries from one batch to the next.
    private sealed class Kernel(int period) : FeatureKernel(Outputs)
    {
        private readonly double[] _ring = new double[period];
        private long _seen;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            var momentum = outputs[Momentum];   // look the column up once, then write one value per bar (NaN = null)
            for (var i = 0; i < close.Length; i++)
            {
                var slot = (int)(_seen % period);
                momentum[i] = _seen >= period ? close[i] - _ring[slot] : double.NaN;
                _ring[slot] = close[i];
                _seen++;
            }
        }
    }
}
