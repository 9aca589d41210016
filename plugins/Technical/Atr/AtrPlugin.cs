using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Atr;

/// <summary>Wilder's Average True Range.</summary>
public sealed class AtrPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("tr", "True range: max(H-L, |H-Cprev|, |L-Cprev|); null on the first bar."),
        OutputColumn.Float("atr", "Average true range (Wilder-smoothed TR)."),
        OutputColumn.Float("atrp", "ATR as a percentage of the close: atr/close*100; null when the close is 0."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.atr",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Average True Range (Wilder). TR = max(H-L, |H-Cprev|, |L-Cprev|), null on the first bar. The first ATR " +
                      "(bar index `period`) is the plain mean of TR over bars 1..period; later ATR = (prev*(N-1) + TR)/N. " +
                      "ATRP = ATR/close*100, null when the close is 0.",
        Parameters = [ParameterSpec.Integer("period", 14, 1, TechnicalPack.MaxPeriod, "Smoothing lookback for the true range, in bars.")],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "period bars (TR from bar 1, ATR from bar index `period`)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period");

    public IFeatureKernel CreateKernel(KernelContext context) => new AtrKernel(context.Parameters.GetInt32("period"));

    private sealed class AtrKernel(int period) : BarKernel(Outputs)
    {
        private readonly AtrTracker _atr = new(period);

        protected override void Compute(in BarSpans bars, double[][] outputs) =>
            _atr.AddRange(bars.High, bars.Low, bars.Close, outputs[0], outputs[1], outputs[2]);
    }
}
