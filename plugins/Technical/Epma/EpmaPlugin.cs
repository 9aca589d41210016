using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Epma;

/// <summary>The parameters of <see cref="EpmaPlugin"/>.</summary>
public sealed class EpmaParameters
{
    [Parameter("Regression window, in bars.", Minimum = 2, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 10;
}

/// <summary>Endpoint moving average: the least-squares line's value at the current bar.</summary>
public sealed class EpmaPlugin() : FeaturePlugin<EpmaParameters>(TechnicalPack.Describe("technical.epma", Outputs, ["close"],
    warmup: "period - 1 bars",
    description: "Endpoint Moving Average (least-squares moving average): fit close = a + b*x by ordinary least squares " +
                 "over the last `period` bars (x = bar position) and report the line's value at the newest bar, " +
                 "mean + b*(period-1)/2. Null for the first period-1 bars."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Epma = Outputs.Float("epma", "Value at the newest bar of the least-squares line through the last `period` closes.", OutputUnit.Price);

    protected override int WarmupBars(EpmaParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(EpmaParameters p, KernelContext context) => new EpmaKernel(p.Period);

    private sealed class EpmaKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly WeightedWindow _window = new(period);
        private readonly double _meanX = (period + 1) / 2.0;
        private readonly double _sumSqX = (double)period * ((double)period * period - 1) / 12;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            var epma = outputs[Epma];
            for (var i = 0; i < close.Length; i++)
            {
                _window.Add(close[i]);
                if (!_window.IsFull)
                {
                    epma[i] = double.NaN;
                    continue;
                }
                // x = 1..period within the window; Sxy = Σ x*y - meanX * Σ y.
                var slope = (_window.Weighted - _meanX * _window.Sum) / _sumSqX;
                epma[i] = _window.Sum / period + slope * (period - 1) / 2;
            }
        }
    }
}
