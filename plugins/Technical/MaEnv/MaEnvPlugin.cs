using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.MaEnv;

/// <summary>The parameters of <see cref="MaEnvPlugin"/>.</summary>
public sealed class MaEnvParameters
{
    [Parameter("Lookback of the SMA, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 20;

    [Parameter("Distance of each envelope from the centerline, in percent of it.", Minimum = 0.0001, Maximum = 100)]
    public double PercentOffset { get; init; } = 2.5;
}

/// <summary>Moving average envelopes: an SMA of the close and bands a fixed percentage above and below.</summary>
public sealed class MaEnvPlugin() : FeaturePlugin<MaEnvParameters>(TechnicalPack.Describe("technical.ma_env", Outputs, ["close"],
    warmup: "period - 1 bars",
    description: "Moving Average Envelopes: the centerline is the SMA of the last `period` closes; the envelopes are " +
                 "centerline ± centerline * percent_offset/100. Null for the first period-1 bars."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Centerline = Outputs.Float("centerline", "Simple moving average of the last `period` closes.", OutputUnit.Price);
    private static readonly FloatOutput UpperEnvelope = Outputs.Float("upper_envelope", "centerline + centerline * percent_offset/100.", OutputUnit.Price);
    private static readonly FloatOutput LowerEnvelope = Outputs.Float("lower_envelope", "centerline - centerline * percent_offset/100.", OutputUnit.Price);

    protected override int WarmupBars(MaEnvParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(MaEnvParameters p, KernelContext context) =>
        new MaEnvKernel(p.Period, p.PercentOffset / 100);

    private sealed class MaEnvKernel(int period, double ratio) : FeatureKernel(Outputs)
    {
        private readonly RollingSum _window = new(period);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            Span<double> center = outputs[Centerline], upper = outputs[UpperEnvelope], lower = outputs[LowerEnvelope];
            for (var i = 0; i < close.Length; i++)
            {
                _window.Add(close[i]);
                var sma = _window.IsFull ? _window.Mean : double.NaN;
                center[i] = sma;
                upper[i] = sma + sma * ratio;
                lower[i] = sma - sma * ratio;
            }
        }
    }
}
