using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Chexit;

/// <summary>Which exit the chandelier draws (the <c>direction</c> parameter).</summary>
public enum ChexitDirection
{
    Long,
    Short,
}

/// <summary>The parameters of <see cref="ChexitPlugin"/>.</summary>
public sealed class ChexitParameters
{
    [Parameter("Lookback for the extreme and the ATR, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 22;

    [Parameter("ATR multiple subtracted from (long) or added to (short) the extreme.", Minimum = 0.01, Maximum = 100)]
    public double Multiplier { get; init; } = 3;

    [Parameter("long: exit below the highest high; short: exit above the lowest low.")]
    public ChexitDirection Direction { get; init; } = ChexitDirection.Long;
}

/// <summary>Chandelier Exit.</summary>
public sealed class ChexitPlugin() : FeaturePlugin<ChexitParameters>(TechnicalPack.Describe("technical.chexit", Outputs, ["high", "low", "close"],
    warmup: "period bars (the first value is at bar index `period`, when the ATR starts)",
    description: "Chandelier Exit. ATR is Wilder's over `period` bars (plain mean of TR over bars 1..period, then " +
                 "(prev*(N-1)+TR)/N). Long exit = highest high of the last `period` bars (current included) - " +
                 "multiplier*ATR; short exit = lowest low + multiplier*ATR."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput ChandelierExit = Outputs.Float("chandelier_exit", "Long: highest high of `period` bars - multiplier*ATR; short: lowest low + multiplier*ATR.", OutputUnit.Price);

    protected override int WarmupBars(ChexitParameters p) => p.Period;

    protected override IFeatureKernel CreateKernel(ChexitParameters p, KernelContext context) => new ChexitKernel(
        p.Period,
        p.Multiplier,
        p.Direction == ChexitDirection.Long);

    private sealed class ChexitKernel(int period, double multiplier, bool isLong) : FeatureKernel(Outputs)
    {
        private readonly AtrTracker _atr = new(period);
        private readonly RollingExtreme _extreme = new(period, maximum: isLong);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var high = bars.High;
            var low = bars.Low;
            var close = bars.Close;
            var exit = outputs[ChandelierExit];
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
