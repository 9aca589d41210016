using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Chexit;

/// <summary>Chandelier Exit.</summary>
public sealed class ChexitPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("chandelier_exit", "Long: highest high of `period` bars - multiplier*ATR; short: lowest low + multiplier*ATR.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.chexit",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Chandelier Exit. ATR is Wilder's over `period` bars (plain mean of TR over bars 1..period, then " +
                      "(prev*(N-1)+TR)/N). Long exit = highest high of the last `period` bars (current included) - " +
                      "multiplier*ATR; short exit = lowest low + multiplier*ATR.",
        Parameters =
        [
            ParameterSpec.Integer("period", 22, 1, TechnicalPack.MaxPeriod, "Lookback for the extreme and the ATR, in bars."),
            ParameterSpec.Number("multiplier", 3, 0.01, 100, "ATR multiple subtracted from (long) or added to (short) the extreme."),
            ParameterSpec.Choice("direction", "long", ["long", "short"], "long: exit below the highest high; short: exit above the lowest low."),
        ],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "period bars (the first value is at bar index `period`, when the ATR starts)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period");

    public IFeatureKernel CreateKernel(KernelContext context) => new ChexitKernel(
        context.Parameters.GetInt32("period"),
        context.Parameters.GetDouble("multiplier"),
        context.Parameters.GetString("direction") == "long");

    private sealed class ChexitKernel(int period, double multiplier, bool isLong) : BarKernel(Outputs)
    {
        private readonly AtrTracker _atr = new(period);
        private readonly RollingExtreme _extreme = new(period, maximum: isLong);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var exit = outputs[0];
            for (var i = 0; i < close.Length; i++)
            {
                var atr = _atr.Add(high[i], low[i], close[i]);
                _extreme.Add(isLong ? high[i] : low[i]);
                exit[i] = double.IsNaN(atr) ? double.NaN
                    : isLong ? _extreme.Value - atr * multiplier
                    : _extreme.Value + atr * multiplier;
            }
        }
    }
}
