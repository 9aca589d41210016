using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Starc;

/// <summary>STARC Bands (Stoller Average Range Channel).</summary>
public sealed class StarcPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("upper_band", "centerline + multiplier * ATR."),
        OutputColumn.Float("centerline", "SMA of the close over sma_period bars."),
        OutputColumn.Float("lower_band", "centerline - multiplier * ATR."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.starc",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "STARC Bands: centerline = SMA(close, sma_period); bands = centerline +/- multiplier * ATR(atr_period), " +
                      "ATR Wilder-smoothed and seeded with the mean of the first atr_period true ranges (first ATR at bar index " +
                      "atr_period). The centerline can have values before the bands do.",
        Parameters =
        [
            ParameterSpec.Integer("sma_period", 5, 1, TechnicalPack.MaxPeriod, "Lookback of the SMA centerline, in bars."),
            ParameterSpec.Number("multiplier", 2, 0, 100, "Width of the bands in ATRs."),
            ParameterSpec.Integer("atr_period", 10, 2, TechnicalPack.MaxPeriod, "Lookback of the ATR, in bars."),
        ],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "max(sma_period - 1, atr_period) bars",
    };

    public int WarmupBars(ParameterValues parameters) =>
        Math.Max(parameters.GetInt32("sma_period") - 1, parameters.GetInt32("atr_period"));

    public IFeatureKernel CreateKernel(KernelContext context) => new StarcKernel(
        context.Parameters.GetInt32("sma_period"), context.Parameters.GetDouble("multiplier"), context.Parameters.GetInt32("atr_period"));

    private sealed class StarcKernel(int smaPeriod, double multiplier, int atrPeriod) : BarKernel(Outputs)
    {
        private readonly RollingSum _sma = new(smaPeriod);
        private readonly AverageTrueRange _atr = new(atrPeriod);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                _sma.Add(bars.Close[i]);
                var atr = _atr.Add(bars.High[i], bars.Low[i], bars.Close[i]);
                var centre = _sma.IsFull ? _sma.Mean : double.NaN;
                outputs[1][i] = centre;
                outputs[0][i] = centre + multiplier * atr;
                outputs[2][i] = centre - multiplier * atr;
            }
        }
    }
}
