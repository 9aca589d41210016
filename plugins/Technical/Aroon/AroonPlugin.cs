using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Aroon;

/// <summary>Aroon up/down and oscillator.</summary>
public sealed class AroonPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("aroon_up", "100*(period - bars since the highest high)/period, 0..100."),
        OutputColumn.Float("aroon_down", "100*(period - bars since the lowest low)/period, 0..100."),
        OutputColumn.Float("oscillator", "aroon_up - aroon_down, -100..100."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.aroon",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Aroon. Over the window of the current bar and the `period` bars before it (period+1 bars), find the " +
                      "highest high and the lowest low (on ties the earliest bar counts); aroon_up = 100*(period - bars since " +
                      "that high)/period, aroon_down likewise for the low; oscillator = up - down.",
        Parameters = [ParameterSpec.Integer("period", 25, 1, TechnicalPack.MaxPeriod, "Lookback, in bars (the window holds period+1 bars).")],
        Outputs = Outputs,
        InputColumns = ["high", "low"],
        WarmupRule = "period bars (the first value is at bar index `period`)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period");

    public IFeatureKernel CreateKernel(KernelContext context) => new AroonKernel(context.Parameters.GetInt32("period"));

    private sealed class AroonKernel(int period) : BarKernel(Outputs)
    {
        private readonly RollingArgExtreme _high = new(period + 1, maximum: true);
        private readonly RollingArgExtreme _low = new(period + 1, maximum: false);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var (up, down, osc) = (outputs[0], outputs[1], outputs[2]);
            for (var i = 0; i < high.Length; i++)
            {
                _high.Add(high[i]);
                _low.Add(low[i]);
                if (!_high.IsFull)
                {
                    up[i] = down[i] = osc[i] = double.NaN;
                    continue;
                }
                var u = 100d * (period - _high.Age) / period;
                var d = 100d * (period - _low.Age) / period;
                up[i] = u;
                down[i] = d;
                osc[i] = u - d;
            }
        }
    }
}
