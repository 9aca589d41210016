using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Donchian;

/// <summary>The parameters of <see cref="DonchianPlugin"/>.</summary>
public sealed class DonchianParameters
{
    [Parameter("Number of prior bars, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 20;
}

/// <summary>Donchian Channels over the prior bars.</summary>
public sealed class DonchianPlugin() : FeaturePlugin<DonchianParameters>(TechnicalPack.Describe("technical.donchian", Outputs, ["high", "low"],
    warmup: "period bars (the first value is at bar index `period`)",
    description: "Donchian Channels. The bands are the highest high and lowest low of the `period` bars before the " +
                 "current bar (the current bar is not included); centerline = their midpoint; width = (upper - lower)/" +
                 "centerline, null when the centerline is 0."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput UpperBand = Outputs.Float("upper_band", "Highest high of the `period` bars before the current one.", OutputUnit.Price);
    private static readonly FloatOutput Centerline = Outputs.Float("centerline", "(upper_band + lower_band)/2.", OutputUnit.Price);
    private static readonly FloatOutput LowerBand = Outputs.Float("lower_band", "Lowest low of the `period` bars before the current one.", OutputUnit.Price);
    private static readonly FloatOutput Width = Outputs.Float("width", "(upper_band - lower_band)/centerline; null when the centerline is 0.");

    protected override int WarmupBars(DonchianParameters p) => p.Period;

    protected override IFeatureKernel CreateKernel(DonchianParameters p, KernelContext context) => new DonchianKernel(p.Period);

    private sealed class DonchianKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly SlidingExtreme _high = new(period, maximum: true);
        private readonly SlidingExtreme _low = new(period, maximum: false);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var n = bars.Length;
            Span<double> upperOut = outputs[UpperBand], centerOut = outputs[Centerline], lowerOut = outputs[LowerBand], widthOut = outputs[Width];
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
