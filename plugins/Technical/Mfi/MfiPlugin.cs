using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Mfi;

/// <summary>The parameters of <see cref="MfiPlugin"/>.</summary>
public sealed class MfiParameters
{
    [Parameter("Lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Money Flow Index.</summary>
public sealed class MfiPlugin() : FeaturePlugin<MfiParameters>(TechnicalPack.Describe("technical.mfi", Outputs, ["high", "low", "close", "volume"],
    warmup: "period bars (the first value is at bar index `period`)",
    description: "Money Flow Index. Typical price TP = (H+L+C)/3, raw flow = TP*volume. A bar's flow is positive when TP " +
                 "rose from the previous bar, negative when it fell, neither when unchanged (and on the first bar). " +
                 "Over the last `period` bars MFI = 100 - 100/(1 + sum positive/sum negative); 100 when the negative " +
                 "sum is 0."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Mfi = Outputs.Float("mfi", "Money Flow Index, 0..100: 100 - 100/(1 + positive flow/negative flow); 100 when there is no negative flow.");

    protected override int WarmupBars(MfiParameters p) => p.Period;

    protected override IFeatureKernel CreateKernel(MfiParameters p, KernelContext context) => new MfiKernel(p.Period);

    private sealed class MfiKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly RollingSum _positive = new(period);
        private readonly RollingSum _negative = new(period);
        // Bars of the window with a nonzero negative flow, so an all-positive window is exactly "no negative flow".
        private readonly RollingCount _negativeBars = new(period);
        private long _index = -1;
        private double _previousTp = double.NaN;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var volume = bars.Volume;
            var mfi = outputs[Mfi];
            for (var i = 0; i < close.Length; i++)
            {
                _index++;
                var tp = (high[i] + low[i] + close[i]) / 3;
                var flow = tp * volume[i];
                var up = !double.IsNaN(_previousTp) && tp > _previousTp;
                var down = !double.IsNaN(_previousTp) && tp < _previousTp;
                _previousTp = tp;
                _positive.Add(up ? flow : 0);
                _negative.Add(down ? flow : 0);
                _negativeBars.Add(down && flow != 0);
                if (_index < period)
                {
                    mfi[i] = double.NaN;
                    continue;
                }
                var negative = _negative.Sum;
                mfi[i] = _negativeBars.Count > 0 && negative != 0 ? 100 - 100 / (1 + _positive.Sum / negative) : 100;
            }
        }
    }
}
