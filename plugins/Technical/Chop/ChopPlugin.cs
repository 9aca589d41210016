using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Chop;

/// <summary>The parameters of <see cref="ChopPlugin"/>.</summary>
public sealed class ChopParameters
{
    [Parameter("Lookback, in bars.", Minimum = 2, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Choppiness Index.</summary>
public sealed class ChopPlugin() : FeaturePlugin<ChopParameters>(TechnicalPack.Describe("technical.chop", Outputs, ["high", "low", "close"],
    warmup: "period bars (the first value is at bar index `period`)",
    description: "Choppiness Index. From bar 1: true high = max(H, Cprev), true low = min(L, Cprev), TR = true high - " +
                 "true low. Over the last `period` bars CHOP = 100*log10(sum TR/(max true high - min true low))/log10(period); " +
                 "null when that range is 0."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Chop = Outputs.Float("chop", "100*log(sum TR / (max true high - min true low))/log(period), 0..100; null when the range is 0.");

    protected override int WarmupBars(ChopParameters p) => p.Period;

    protected override IFeatureKernel CreateKernel(ChopParameters p, KernelContext context) => new ChopKernel(p.Period);

    private sealed class ChopKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly RollingSum _trueRange = new(period);
        private readonly RollingExtreme _trueHigh = new(period, maximum: true);
        private readonly RollingExtreme _trueLow = new(period, maximum: false);
        private readonly double _logPeriod = Math.Log(period);
        private double _previousClose = double.NaN;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var chop = outputs[Chop];
            for (var i = 0; i < close.Length; i++)
            {
                var previous = _previousClose;
                _previousClose = close[i];
                chop[i] = double.NaN;
                if (double.IsNaN(previous)) continue;
                var trueHigh = Math.Max(high[i], previous);
                var trueLow = Math.Min(low[i], previous);
                _trueRange.Add(trueHigh - trueLow);
                _trueHigh.Add(trueHigh);
                _trueLow.Add(trueLow);
                if (!_trueRange.IsFull) continue;
                var range = _trueHigh.Value - _trueLow.Value;
                if (range != 0) chop[i] = 100 * (Math.Log(_trueRange.Sum / range) / _logPeriod);
            }
        }
    }
}
