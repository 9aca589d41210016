using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Awesome;

/// <summary>Awesome Oscillator: fast minus slow SMA of the median price.</summary>
public sealed class AwesomePlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("oscillator", "SMA(fast_period) - SMA(slow_period) of (high+low)/2."),
        OutputColumn.Float("normalized", "100 * oscillator / (high+low)/2 of the bar; null when that price is 0."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.awesome",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Awesome Oscillator (Bill Williams): SMA(fast_period) - SMA(slow_period) of the median price " +
                      "(high+low)/2; normalized = 100 * oscillator / median price of the bar (null when it is 0). Both start " +
                      "at bar slow_period-1.",
        Parameters =
        [
            ParameterSpec.Integer("fast_period", 5, 1, TechnicalPack.MaxPeriod, "Lookback of the fast SMA, in bars; less than slow_period."),
            ParameterSpec.Integer("slow_period", 34, 2, TechnicalPack.MaxPeriod, "Lookback of the slow SMA, in bars."),
        ],
        Outputs = Outputs,
        InputColumns = ["high", "low"],
        WarmupRule = "slow_period - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("slow_period") - 1;

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        if (parameters.GetInt32("fast_period") >= parameters.GetInt32("slow_period"))
        {
            yield return new ParameterError("fast_period", "'fast_period' must be less than 'slow_period'");
        }
    }

    public IFeatureKernel CreateKernel(KernelContext context) =>
        new AwesomeKernel(context.Parameters.GetInt32("fast_period"), context.Parameters.GetInt32("slow_period"));

    private sealed class AwesomeKernel(int fastPeriod, int slowPeriod) : BarKernel(Outputs)
    {
        private readonly RollingSum _fast = new(fastPeriod);
        private readonly RollingSum _slow = new(slowPeriod);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var (oscillator, normalized) = (outputs[0], outputs[1]);
            for (var i = 0; i < high.Length; i++)
            {
                var price = (high[i] + low[i]) / 2;
                _fast.Add(price);
                _slow.Add(price);
                if (!_slow.IsFull || !_fast.IsFull)
                {
                    oscillator[i] = normalized[i] = double.NaN;
                    continue;
                }
                var value = _fast.Mean - _slow.Mean;
                oscillator[i] = value;
                normalized[i] = price != 0 ? 100 * value / price : double.NaN;
            }
        }
    }
}
