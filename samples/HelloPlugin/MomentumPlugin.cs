using Features.PluginSdk;

namespace HelloPlugin;

/// <summary>Momentum: the close minus the close <c>period</c> bars earlier.</summary>
public sealed class MomentumPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("momentum", "close minus the close `period` bars earlier; null until `period` earlier bars exist")];

    // Everything the host lists, validates and hashes, as data: no plugin code runs before a request is valid.
    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "sample.momentum",
        Type = FeatureType.Technical,
        Version = "1.0.0",
        Description = "Momentum: close[t] - close[t - period]. A sample plugin from samples/HelloPlugin.",
        Parameters = [ParameterSpec.Integer("period", 10, 1, 1000, "Lookback, in bars.")],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period");

    public IFeatureKernel CreateKernel(KernelContext context) => new Kernel(context.Parameters.GetInt32("period"));

    // State (the last `period` closes) lives in fields, so it carries from one batch to the next.
    private sealed class Kernel(int period) : BarKernel(Outputs)
    {
        private readonly double[] _ring = new double[period];
        private long _seen;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var momentum = outputs[0];
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
