using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Roc;

/// <summary>Momentum and rate of change of the close.</summary>
public sealed class RocPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("momentum", "close - close `period` bars ago."),
        OutputColumn.Float("roc", "100*momentum/close `period` bars ago; null when that close is 0."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.roc",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Rate of Change. momentum = C - C[period bars ago]; roc = 100*momentum/C[period bars ago], in percent, " +
                      "null when the earlier close is 0.",
        Parameters = [ParameterSpec.Integer("period", 14, 1, TechnicalPack.MaxPeriod, "Lookback, in bars.")],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period bars (the first value is at bar index `period`)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period");

    public IFeatureKernel CreateKernel(KernelContext context) => new RocKernel(context.Parameters.GetInt32("period"));

    private sealed class RocKernel(int period) : BarKernel(Outputs)
    {
        private readonly DelayLine _closes = new(period);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var (momentum, roc) = (outputs[0], outputs[1]);
            for (var i = 0; i < close.Length; i++)
            {
                _closes.Add(close[i]);
                if (!_closes.IsReady)
                {
                    momentum[i] = roc[i] = double.NaN;
                    continue;
                }
                var back = _closes.Lagged;
                var m = close[i] - back;
                momentum[i] = m;
                roc[i] = back == 0 ? double.NaN : 100d * m / back;
            }
        }
    }
}
