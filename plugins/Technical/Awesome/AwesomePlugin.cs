using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Awesome;

/// <summary>The parameters of <see cref="AwesomePlugin"/>.</summary>
public sealed class AwesomeParameters
{
    [Parameter("Lookback of the fast SMA, in bars; less than slow_period.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int FastPeriod { get; init; } = 5;

    [Parameter("Lookback of the slow SMA, in bars.", Minimum = 2, Maximum = TechnicalPack.MaxPeriod)]
    public int SlowPeriod { get; init; } = 34;
}

/// <summary>Awesome Oscillator: fast minus slow SMA of the median price.</summary>
public sealed class AwesomePlugin() : FeaturePlugin<AwesomeParameters>(TechnicalPack.Describe("technical.awesome", Outputs, ["high", "low"],
    warmup: "slow_period - 1 bars",
    description: "Awesome Oscillator (Bill Williams): SMA(fast_period) - SMA(slow_period) of the median price " +
                 "(high+low)/2; normalized = 100 * oscillator / median price of the bar (null when it is 0). Both start " +
                 "at bar slow_period-1."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Oscillator = Outputs.Float("oscillator", "SMA(fast_period) - SMA(slow_period) of (high+low)/2.");
    private static readonly FloatOutput Normalized = Outputs.Float("normalized", "100 * oscillator / (high+low)/2 of the bar; null when that price is 0.");

    protected override int WarmupBars(AwesomeParameters p) => p.SlowPeriod - 1;

    protected override IEnumerable<ParameterError> Validate(AwesomeParameters p)
    {
        if (p.FastPeriod >= p.SlowPeriod)
        {
            yield return Error(nameof(p.FastPeriod), $"'{NameOf(nameof(p.FastPeriod))}' must be less than '{NameOf(nameof(p.SlowPeriod))}'");
        }
    }

    protected override IFeatureKernel CreateKernel(AwesomeParameters p, KernelContext context) =>
        new AwesomeKernel(p.FastPeriod, p.SlowPeriod);

    private sealed class AwesomeKernel(int fastPeriod, int slowPeriod) : FeatureKernel(Outputs)
    {
        private readonly RollingSum _fast = new(fastPeriod);
        private readonly RollingSum _slow = new(slowPeriod);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            Span<double> oscillator = outputs[Oscillator], normalized = outputs[Normalized];
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
