using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Keltner;

/// <summary>The parameters of <see cref="KeltnerPlugin"/>.</summary>
public sealed class KeltnerParameters
{
    [Parameter("EMA lookback for the centerline, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int EmaPeriod { get; init; } = 20;

    [Parameter("Band offset in multiples of ATR.", Minimum = 0.01, Maximum = 100)]
    public double Multiplier { get; init; } = 2;

    [Parameter("ATR lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int AtrPeriod { get; init; } = 10;
}

/// <summary>Keltner Channels: an EMA centreline with ATR bands.</summary>
public sealed class KeltnerPlugin() : FeaturePlugin<KeltnerParameters>(TechnicalPack.Describe("technical.keltner", Outputs, ["high", "low", "close"],
    warmup: "max(ema_period - 1, atr_period) bars",
    description: "Keltner Channels. Centerline = EMA of the close (k = 2/(N+1), seeded with the SMA of the first N " +
                 "closes); ATR is Wilder's over atr_period (plain mean of TR over bars 1..atr_period, then " +
                 "(prev*(N-1)+TR)/N); bands = centerline ± multiplier*ATR; width = 2*multiplier*ATR/centerline. " +
                 "Rows start at bar max(ema_period, atr_period) - 1; a band is null while its ATR is not ready."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput UpperBand = Outputs.Float("upper_band", "centerline + multiplier*ATR.", OutputUnit.Price);
    private static readonly FloatOutput Centerline = Outputs.Float("centerline", "EMA(ema_period) of the close.", OutputUnit.Price);
    private static readonly FloatOutput LowerBand = Outputs.Float("lower_band", "centerline - multiplier*ATR.", OutputUnit.Price);
    private static readonly FloatOutput Width = Outputs.Float("width", "(upper_band - lower_band)/centerline; null when the centerline is 0.");

    protected override int WarmupBars(KeltnerParameters p) =>
        Math.Max(p.EmaPeriod - 1, p.AtrPeriod);

    protected override IFeatureKernel CreateKernel(KeltnerParameters p, KernelContext context) => new KeltnerKernel(
        p.EmaPeriod,
        p.Multiplier,
        p.AtrPeriod);

    private sealed class KeltnerKernel(int emaPeriod, double multiplier, int atrPeriod) : FeatureKernel(Outputs)
    {
        private readonly AtrTracker _atr = new(atrPeriod);
        private readonly int _start = Math.Max(emaPeriod, atrPeriod) - 1;
        private SeededEma _ema = new(emaPeriod);
        private long _index = -1;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            Span<double> upperOut = outputs[UpperBand], centerOut = outputs[Centerline], lowerOut = outputs[LowerBand], widthOut = outputs[Width];
            for (var i = 0; i < close.Length; i++)
            {
                _index++;
                var ema = _ema.Add(close[i]);
                var atr = _atr.Add(high[i], low[i], close[i]);
                if (_index < _start)
                {
                    upperOut[i] = centerOut[i] = lowerOut[i] = widthOut[i] = double.NaN;
                    continue;
                }
                var span = atr * multiplier;
                upperOut[i] = ema + span;
                centerOut[i] = ema;
                lowerOut[i] = ema - span;
                widthOut[i] = ema == 0 ? double.NaN : 2 * span / ema;
            }
        }
    }
}
