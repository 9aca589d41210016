using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Sma;

/// <summary>Simple moving average of the close.</summary>
public sealed class SmaPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs = [OutputColumn.Float("sma", "Mean of the last `period` closes.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.sma",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Simple Moving Average: the arithmetic mean of the last `period` closes. Null for the first period-1 bars.",
        Parameters = [ParameterSpec.Integer("period", 20, 1, TechnicalPack.MaxPeriod, "Lookback, in bars.")],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new SmaKernel(context.Parameters.GetInt32("period"));

    private sealed class SmaKernel(int period) : BarKernel(Outputs)
    {
        private readonly RollingSum _window = new(period);

        protected override void Compute(in BarSpans bars, double[][] outputs) => _window.AddRange(bars.Close, outputs[0]);
    }
}
