using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.SmaAnalysis;

/// <summary>The parameters of <see cref="SmaAnalysisPlugin"/>.</summary>
public sealed class SmaAnalysisParameters
{
    [Parameter("Lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 20;
}

/// <summary>SMA of the close with the window's fit errors against it.</summary>
public sealed class SmaAnalysisPlugin() : FeaturePlugin<SmaAnalysisParameters>(TechnicalPack.Describe("technical.sma_analysis", Outputs, ["close"],
    warmup: "period - 1 bars",
    description: "Simple Moving Average of the close with fit statistics over the same window, each measured against the " +
                 "current sma and divided by `period`: mad = mean |c - sma|, mse = mean (c - sma)^2, mape = mean " +
                 "|c - sma|/c (a fraction, null when any close in the window is 0). Null for the first period-1 bars."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Sma = Outputs.Float("sma", "Mean of the last `period` closes.", OutputUnit.Price);
    private static readonly FloatOutput Mad = Outputs.Float("mad", "Mean absolute deviation of the window's closes from the sma.");
    private static readonly FloatOutput Mse = Outputs.Float("mse", "Mean squared error of the window's closes against the sma.");
    private static readonly FloatOutput Mape = Outputs.Float("mape", "Mean absolute percentage error |close - sma|/close, as a fraction; null if a close in the window is 0.");

    protected override int WarmupBars(SmaAnalysisParameters p) => p.Period - 1;

    protected override IFeatureKernel CreateKernel(SmaAnalysisParameters p, KernelContext context) => new SmaAnalysisKernel(p.Period);

    private sealed class SmaAnalysisKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly RollingSum _window = new(period);

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            Span<double> sma = outputs[Sma], mad = outputs[Mad], mse = outputs[Mse], mape = outputs[Mape];
            for (var i = 0; i < close.Length; i++)
            {
                _window.Add(close[i]);
                if (!_window.IsFull)
                {
                    sma[i] = mad[i] = mse[i] = mape[i] = double.NaN;
                    continue;
                }
                var mean = _window.Mean;
                // Deviations from the current mean cannot be kept as running sums: one pass over the window, oldest first.
                double sumAbs = 0, sumSq = 0, sumPct = 0;
                for (var back = period - 1; back >= 0; back--)
                {
                    var c = _window.Back(back);
                    var d = c - mean;
                    sumAbs += Math.Abs(d);
                    sumSq += d * d;
                    sumPct += c == 0 ? double.NaN : Math.Abs(d) / c;
                }
                sma[i] = mean;
                mad[i] = sumAbs / period;
                mse[i] = sumSq / period;
                mape[i] = sumPct / period;
            }
        }
    }
}
