using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Donchian;

/// <summary>Donchian Channels over the prior bars.</summary>
public sealed class DonchianPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("upper_band", "Highest high of the `period` bars before the current one."),
        OutputColumn.Float("centerline", "(upper_band + lower_band)/2."),
        OutputColumn.Float("lower_band", "Lowest low of the `period` bars before the current one."),
        OutputColumn.Float("width", "(upper_band - lower_band)/centerline; null when the centerline is 0."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.donchian",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Donchian Channels. The bands are the highest high and lowest low of the `period` bars before the " +
                      "current bar (the current bar is not included); centerline = their midpoint; width = (upper - lower)/" +
                      "centerline, null when the centerline is 0.",
        Parameters = [ParameterSpec.Integer("period", 20, 1, TechnicalPack.MaxPeriod, "Number of prior bars, in bars.")],
        Outputs = Outputs,
        InputColumns = ["high", "low"],
        WarmupRule = "period bars (the first value is at bar index `period`)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period");

    public IFeatureKernel CreateKernel(KernelContext context) => new DonchianKernel(context.Parameters.GetInt32("period"));

    private sealed class DonchianKernel(int period) : BarKernel(Outputs)
    {
        private readonly SlidingExtreme _high = new(period, maximum: true);
        private readonly SlidingExtreme _low = new(period, maximum: false);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var n = bars.Length;
            var (upperOut, centerOut, lowerOut, widthOut) = (outputs[0], outputs[1], outputs[2], outputs[3]);
            // The window is the prior bars (NaN until there are `period` of them).
            _high.AddRange(bars.High, upperOut, priorWindow: true);
            _low.AddRange(bars.Low, lowerOut, priorWindow: true);
            for (var i = 0; i < n; i++)
            {
                var (u, l) = (upperOut[i], lowerOut[i]);
                var c = (u + l) / 2;
                centerOut[i] = c;
                widthOut[i] = c == 0 ? double.NaN : (u - l) / c;
            }
        }
    }
}
