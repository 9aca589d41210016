using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Epma;

/// <summary>Endpoint moving average: the least-squares line's value at the current bar.</summary>
public sealed class EpmaPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("epma", "Value at the newest bar of the least-squares line through the last `period` closes.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.epma",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Endpoint Moving Average (least-squares moving average): fit close = a + b*x by ordinary least squares " +
                      "over the last `period` bars (x = bar position) and report the line's value at the newest bar, " +
                      "mean + b*(period-1)/2. Null for the first period-1 bars.",
        Parameters = [ParameterSpec.Integer("period", 10, 2, TechnicalPack.MaxPeriod, "Regression window, in bars.")],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new EpmaKernel(context.Parameters.GetInt32("period"));

    private sealed class EpmaKernel(int period) : BarKernel(Outputs)
    {
        private readonly WeightedWindow _window = new(period);
        private readonly double _meanX = (period + 1) / 2.0;
        private readonly double _sumSqX = (double)period * ((double)period * period - 1) / 12;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var epma = outputs[0];
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
