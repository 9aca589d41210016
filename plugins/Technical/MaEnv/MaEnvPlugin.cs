using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.MaEnv;

/// <summary>Moving average envelopes: an SMA of the close and bands a fixed percentage above and below.</summary>
public sealed class MaEnvPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("centerline", "Simple moving average of the last `period` closes."),
        OutputColumn.Float("upper_envelope", "centerline + centerline * percent_offset/100."),
        OutputColumn.Float("lower_envelope", "centerline - centerline * percent_offset/100."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.ma_env",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Moving Average Envelopes: the centerline is the SMA of the last `period` closes; the envelopes are " +
                      "centerline ± centerline * percent_offset/100. Null for the first period-1 bars.",
        Parameters =
        [
            ParameterSpec.Integer("period", 20, 1, TechnicalPack.MaxPeriod, "Lookback of the SMA, in bars."),
            ParameterSpec.Number("percent_offset", 2.5, 0.0001, 100, "Distance of each envelope from the centerline, in percent of it."),
        ],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) =>
        new MaEnvKernel(context.Parameters.GetInt32("period"), context.Parameters.GetDouble("percent_offset") / 100);

    private sealed class MaEnvKernel(int period, double ratio) : BarKernel(Outputs)
    {
        private readonly RollingSum _window = new(period);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var (center, upper, lower) = (outputs[0], outputs[1], outputs[2]);
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
