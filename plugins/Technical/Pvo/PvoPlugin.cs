using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Pvo;

/// <summary>Percentage Volume Oscillator.</summary>
public sealed class PvoPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("pvo", "100 * (EMA(fast) - EMA(slow)) / EMA(slow) of volume, percent; null when EMA(slow) is 0."),
        OutputColumn.Float("signal", "EMA(signal_period) of pvo."),
        OutputColumn.Float("histogram", "pvo - signal."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.pvo",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Percentage Volume Oscillator: 100 * (EMA(fast_period) - EMA(slow_period)) / EMA(slow_period) of the " +
                      "volume (null when the slow EMA is 0), a signal line EMA(signal_period) of it and histogram = pvo - " +
                      "signal. EMAs use k = 2/(n+1) and are seeded with the simple mean of their first n inputs; the signal " +
                      "re-seeds the same way after a null pvo. pvo starts at bar slow_period-1, signal at " +
                      "slow_period+signal_period-2.",
        Parameters =
        [
            ParameterSpec.Integer("fast_period", 12, 1, TechnicalPack.MaxPeriod, "Lookback of the fast volume EMA, in bars; less than slow_period."),
            ParameterSpec.Integer("slow_period", 26, 2, TechnicalPack.MaxPeriod, "Lookback of the slow volume EMA, in bars."),
            ParameterSpec.Integer("signal_period", 9, 1, TechnicalPack.MaxPeriod, "Lookback of the signal EMA of the PVO, in bars."),
        ],
        Outputs = Outputs,
        InputColumns = ["volume"],
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

    public IFeatureKernel CreateKernel(KernelContext context) => new PvoKernel(
        context.Parameters.GetInt32("fast_period"), context.Parameters.GetInt32("slow_period"), context.Parameters.GetInt32("signal_period"));

    private sealed class PvoKernel(int fastPeriod, int slowPeriod, int signalPeriod) : BarKernel(Outputs)
    {
        private readonly ReseedingEma _fast = new(fastPeriod, 2.0 / (fastPeriod + 1));
        private readonly ReseedingEma _slow = new(slowPeriod, 2.0 / (slowPeriod + 1));
        private readonly ReseedingEma _signal = new(signalPeriod, 2.0 / (signalPeriod + 1), currentFirst: true);
        private long _index = -1;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var volume = bars.Volume;
            var (pvo, signal, histogram) = (outputs[0], outputs[1], outputs[2]);
            for (var i = 0; i < volume.Length; i++)
            {
                _index++;
                var fast = _fast.Add(volume[i], _index >= fastPeriod - 1);
                var slow = _slow.Add(volume[i], _index >= slowPeriod - 1);
                var p = slow != 0 ? 100 * ((fast - slow) / slow) : double.NaN;
                var s = _signal.Add(p, _index >= signalPeriod + slowPeriod - 2);
                pvo[i] = p;
                signal[i] = s;
                histogram[i] = p - s;
            }
        }
    }
}
