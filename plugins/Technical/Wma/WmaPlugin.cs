using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Wma;

/// <summary>Linearly weighted moving average of the close.</summary>
public sealed class WmaPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("wma", "Linearly weighted mean of the last `period` closes, newest weight `period`.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.wma",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Weighted Moving Average: the mean of the last `period` closes weighted 1 (oldest) .. period (newest), " +
                      "divided by period*(period+1)/2. Null for the first period-1 bars.",
        Parameters = [ParameterSpec.Integer("period", 14, 1, TechnicalPack.MaxPeriod, "Lookback, in bars.")],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new WmaKernel(context.Parameters.GetInt32("period"));

    private sealed class WmaKernel(int period) : BarKernel(Outputs)
    {
        private readonly WeightedWindow _window = new(period);
        private readonly double _divisor = (double)period * (period + 1) / 2;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var wma = outputs[0];
            for (var i = 0; i < close.Length; i++)
            {
                _window.Add(close[i]);
                wma[i] = _window.IsFull ? _window.Weighted / _divisor : double.NaN;
            }
        }
    }
}
