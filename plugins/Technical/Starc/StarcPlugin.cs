using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Starc;

/// <summary>The parameters of <see cref="StarcPlugin"/>.</summary>
public sealed class StarcParameters
{
    [Parameter("Lookback of the SMA centerline, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int SmaPeriod { get; init; } = 5;

    [Parameter("Width of the bands in ATRs.", Minimum = 0, Maximum = 100)]
    public double Multiplier { get; init; } = 2;

    [Parameter("Lookback of the ATR, in bars.", Minimum = 2, Maximum = TechnicalPack.MaxPeriod)]
    public int AtrPeriod { get; init; } = 10;
}

/// <summary>STARC Bands (Stoller Average Range Channel).</summary>
public sealed class StarcPlugin() : FeaturePlugin<StarcParameters>(TechnicalPack.Describe("technical.starc", Outputs, ["high", "low", "close"],
    warmup: "max(sma_period - 1, atr_period) bars",
    description: "STARC Bands: centerline = SMA(close, sma_period); bands = centerline +/- multiplier * ATR(atr_period), " +
                 "ATR Wilder-smoothed and seeded with the mean of the first atr_period true ranges (first ATR at bar index " +
                 "atr_period). The centerline can have values before the bands do."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput UpperBand = Outputs.Float("upper_band", "centerline + multiplier * ATR.", OutputUnit.Price);
    private static readonly FloatOutput Centerline = Outputs.Float("centerline", "SMA of the close over sma_period bars.", OutputUnit.Price);
    private static readonly FloatOutput LowerBand = Outputs.Float("lower_band", "centerline - multiplier * ATR.", OutputUnit.Price);

    protected override int WarmupBars(StarcParameters p) =>
        Math.Max(p.SmaPeriod - 1, p.AtrPeriod);

    protected override IFeatureKernel CreateKernel(StarcParameters p, KernelContext context) => new StarcKernel(
        p.SmaPeriod, p.Multiplier, p.AtrPeriod);

    private sealed class StarcKernel(int smaPeriod, double multiplier, int atrPeriod) : FeatureKernel(Outputs)
    {
        private readonly RollingSum _sma = new(smaPeriod);
        private readonly AverageTrueRange _atr = new(atrPeriod);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            Span<double> upper = outputs[UpperBand], centerline = outputs[Centerline], lower = outputs[LowerBand];
            for (var i = 0; i < bars.Length; i++)
            {
                _sma.Add(bars.Close[i]);
                var atr = _atr.Add(bars.High[i], bars.Low[i], bars.Close[i]);
                var centre = _sma.IsFull ? _sma.Mean : double.NaN;
                centerline[i] = centre;
                upper[i] = centre + multiplier * atr;
                lower[i] = centre - multiplier * atr;
            }
        }
    }
}
