using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.ChaikinOsc;

/// <summary>Chaikin Oscillator: fast EMA minus slow EMA of the accumulation/distribution line.</summary>
public sealed class ChaikinOscPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("money_flow_multiplier", "((C-L)-(H-C))/(H-L), -1..1; 0 when H = L."),
        OutputColumn.Float("money_flow_volume", "money_flow_multiplier * volume."),
        OutputColumn.Float("adl", "Accumulation/distribution line: running sum of money_flow_volume from the first bar."),
        OutputColumn.Float("oscillator", "fast_ema - slow_ema."),
        OutputColumn.Float("fast_ema", "EMA(fast_period) of the ADL, seeded with the SMA of its first fast_period values."),
        OutputColumn.Float("slow_ema", "EMA(slow_period) of the ADL, seeded with the SMA of its first slow_period values."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.chaikin_osc",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Chaikin Oscillator. Money flow multiplier ((C-L)-(H-C))/(H-L) (0 when H = L), money flow volume = " +
                      "multiplier*volume, ADL = running sum from the first bar of the series. Both EMAs of the ADL use " +
                      "k = 2/(N+1) and are seeded with the SMA of their first N values; oscillator = fast - slow.",
        Parameters =
        [
            ParameterSpec.Integer("fast_period", 3, 1, TechnicalPack.MaxPeriod, "Fast EMA length, in bars."),
            ParameterSpec.Integer("slow_period", 10, 2, TechnicalPack.MaxPeriod, "Slow EMA length, in bars; greater than fast_period."),
        ],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close", "volume"],
        WarmupRule = "slow_period - 1 bars (the ADL is cumulative from the first bar, so its level depends on where the series starts)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("slow_period") - 1;

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        if (parameters.GetInt32("fast_period") >= parameters.GetInt32("slow_period"))
        {
            yield return new ParameterError("fast_period", "fast_period must be less than slow_period");
        }
    }

    public IFeatureKernel CreateKernel(KernelContext context) =>
        new ChaikinOscKernel(context.Parameters.GetInt32("fast_period"), context.Parameters.GetInt32("slow_period"));

    private sealed class ChaikinOscKernel(int fastPeriod, int slowPeriod) : BarKernel(Outputs)
    {
        private readonly MoneyFlowLine _adl = new();
        private SeededEma _fast = new(fastPeriod);
        private SeededEma _slow = new(slowPeriod);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var volume = bars.Volume;
            for (var i = 0; i < close.Length; i++)
            {
                _adl.Add(high[i], low[i], close[i], volume[i]);
                var fast = _fast.Add(_adl.Line);
                var slow = _slow.Add(_adl.Line);
                outputs[0][i] = _adl.Multiplier;
                outputs[1][i] = _adl.FlowVolume;
                outputs[2][i] = _adl.Line;
                outputs[3][i] = fast - slow;
                outputs[4][i] = fast;
                outputs[5][i] = slow;
            }
        }
    }
}
