using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Force;

/// <summary>Elder's Force Index.</summary>
public sealed class ForcePlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("force_index", "EMA(period) of volume * (close - previous close).")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.force",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Force Index. The raw force from bar 1 is volume*(close - previous close); its EMA uses k = 2/(N+1) and " +
                      "is seeded with the plain mean of the raw force over bars 1..period.",
        Parameters = [ParameterSpec.Integer("period", 2, 1, TechnicalPack.MaxPeriod, "EMA lookback, in bars.")],
        Outputs = Outputs,
        InputColumns = ["close", "volume"],
        WarmupRule = "period bars (the first value is at bar index `period`)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period");

    public IFeatureKernel CreateKernel(KernelContext context) => new ForceKernel(context.Parameters.GetInt32("period"));

    private sealed class ForceKernel(int period) : BarKernel(Outputs)
    {
        private SeededEma _ema = new(period);
        private double _previousClose = double.NaN;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var volume = bars.Volume;
            var force = outputs[0];
            for (var i = 0; i < close.Length; i++)
            {
                var previous = _previousClose;
                _previousClose = close[i];
                force[i] = double.IsNaN(previous) ? double.NaN : _ema.Add(volume[i] * (close[i] - previous));
            }
        }
    }
}
