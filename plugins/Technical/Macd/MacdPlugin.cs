using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Macd;

/// <summary>Moving Average Convergence/Divergence of the close.</summary>
public sealed class MacdPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("macd", "fast_ema - slow_ema."),
        OutputColumn.Float("signal", "EMA(signal_period) of macd."),
        OutputColumn.Float("histogram", "macd - signal."),
        OutputColumn.Float("fast_ema", "EMA(fast_period) of the close."),
        OutputColumn.Float("slow_ema", "EMA(slow_period) of the close."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.macd",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "MACD: EMA(fast_period) - EMA(slow_period) of the close, with a signal line EMA(signal_period) of the " +
                      "MACD and histogram = macd - signal. Every EMA uses k = 2/(n+1) and is seeded with the simple mean of " +
                      "its first n inputs: fast_ema from bar fast_period-1, slow_ema and macd from bar slow_period-1, signal " +
                      "and histogram from bar slow_period+signal_period-2.",
        Parameters =
        [
            ParameterSpec.Integer("fast_period", 12, 1, TechnicalPack.MaxPeriod, "Lookback of the fast EMA, in bars; less than slow_period."),
            ParameterSpec.Integer("slow_period", 26, 2, TechnicalPack.MaxPeriod, "Lookback of the slow EMA, in bars."),
            ParameterSpec.Integer("signal_period", 9, 1, TechnicalPack.MaxPeriod, "Lookback of the signal EMA of the MACD, in bars."),
        ],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "slow_period + signal_period - 2 bars",
    };

    public int WarmupBars(ParameterValues parameters) =>
        parameters.GetInt32("slow_period") + parameters.GetInt32("signal_period") - 2;

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        if (parameters.GetInt32("fast_period") >= parameters.GetInt32("slow_period"))
        {
            yield return new ParameterError("fast_period", "'fast_period' must be less than 'slow_period'");
        }
    }

    public IFeatureKernel CreateKernel(KernelContext context) => new MacdKernel(
        context.Parameters.GetInt32("fast_period"), context.Parameters.GetInt32("slow_period"), context.Parameters.GetInt32("signal_period"));

    private sealed class MacdKernel(int fastPeriod, int slowPeriod, int signalPeriod) : BarKernel(Outputs)
    {
        private readonly ReseedingEma _fast = new(fastPeriod, 2.0 / (fastPeriod + 1));
        private readonly ReseedingEma _slow = new(slowPeriod, 2.0 / (slowPeriod + 1));
        private readonly ReseedingEma _signal = new(signalPeriod, 2.0 / (signalPeriod + 1), currentFirst: true);
        private long _index = -1;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var (macd, signal, histogram, fastEma, slowEma) = (outputs[0], outputs[1], outputs[2], outputs[3], outputs[4]);
            for (var i = 0; i < close.Length; i++)
            {
                _index++;
                var fast = _fast.Add(close[i], _index >= fastPeriod - 1);
                var slow = _slow.Add(close[i], _index >= slowPeriod - 1);
                var m = fast - slow;
                var s = _signal.Add(m, _index >= signalPeriod + slowPeriod - 2);
                macd[i] = m;
                signal[i] = s;
                histogram[i] = m - s;
                fastEma[i] = fast;
                slowEma[i] = slow;
            }
        }
    }
}
