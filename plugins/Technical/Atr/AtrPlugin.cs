using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Atr;

/// <summary>The parameters of <see cref="AtrPlugin"/>.</summary>
public sealed class AtrParameters
{
    [Parameter("Smoothing lookback for the true range, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Wilder's Average True Range.</summary>
public sealed class AtrPlugin() : FeaturePlugin<AtrParameters>(TechnicalPack.Describe("technical.atr", Outputs, ["high", "low", "close"],
    warmup: "period bars (TR from bar 1, ATR from bar index `period`)",
    description: "Average True Range (Wilder). TR = max(H-L, |H-Cprev|, |L-Cprev|), null on the first bar. The first ATR " +
                 "(bar index `period`) is the plain mean of TR over bars 1..period; later ATR = (prev*(N-1) + TR)/N. " +
                 "ATRP = ATR/close*100, null when the close is 0."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Tr = Outputs.Float("tr", "True range: max(H-L, |H-Cprev|, |L-Cprev|); null on the first bar.");
    private static readonly FloatOutput Atr = Outputs.Float("atr", "Average true range (Wilder-smoothed TR).");
    private static readonly FloatOutput Atrp = Outputs.Float("atrp", "ATR as a percentage of the close: atr/close*100; null when the close is 0.");

    protected override int WarmupBars(AtrParameters p) => p.Period;

    protected override IFeatureKernel CreateKernel(AtrParameters p, KernelContext context) => new AtrKernel(p.Period);

    private sealed class AtrKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly AtrTracker _atr = new(period);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs) =>
            _atr.AddRange(bars.High, bars.Low, bars.Close, outputs[Tr], outputs[Atr], outputs[Atrp]);
    }
}
