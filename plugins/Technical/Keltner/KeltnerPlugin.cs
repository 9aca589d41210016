using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Keltner;

/// <summary>Keltner Channels: an EMA centreline with ATR bands.</summary>
public sealed class KeltnerPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("upper_band", "centerline + multiplier*ATR."),
        OutputColumn.Float("centerline", "EMA(ema_period) of the close."),
        OutputColumn.Float("lower_band", "centerline - multiplier*ATR."),
        OutputColumn.Float("width", "(upper_band - lower_band)/centerline; null when the centerline is 0."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.keltner",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Keltner Channels. Centerline = EMA of the close (k = 2/(N+1), seeded with the SMA of the first N " +
                      "closes); ATR is Wilder's over atr_period (plain mean of TR over bars 1..atr_period, then " +
                      "(prev*(N-1)+TR)/N); bands = centerline ± multiplier*ATR; width = 2*multiplier*ATR/centerline. " +
                      "Rows start at bar max(ema_period, atr_period) - 1; a band is null while its ATR is not ready.",
        Parameters =
        [
            ParameterSpec.Integer("ema_period", 20, 1, TechnicalPack.MaxPeriod, "EMA lookback for the centerline, in bars."),
            ParameterSpec.Number("multiplier", 2, 0.01, 100, "Band offset in multiples of ATR."),
            ParameterSpec.Integer("atr_period", 10, 1, TechnicalPack.MaxPeriod, "ATR lookback, in bars."),
        ],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "max(ema_period - 1, atr_period) bars",
    };

    public int WarmupBars(ParameterValues parameters) =>
        Math.Max(parameters.GetInt32("ema_period") - 1, parameters.GetInt32("atr_period"));

    public IFeatureKernel CreateKernel(KernelContext context) => new KeltnerKernel(
        context.Parameters.GetInt32("ema_period"),
        context.Parameters.GetDouble("multiplier"),
        context.Parameters.GetInt32("atr_period"));

    private sealed class KeltnerKernel(int emaPeriod, double multiplier, int atrPeriod) : BarKernel(Outputs)
    {
        private readonly AtrTracker _atr = new(atrPeriod);
        private readonly int _start = Math.Max(emaPeriod, atrPeriod) - 1;
        private SeededEma _ema = new(emaPeriod);
        private long _index = -1;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var (upperOut, centerOut, lowerOut, widthOut) = (outputs[0], outputs[1], outputs[2], outputs[3]);
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
