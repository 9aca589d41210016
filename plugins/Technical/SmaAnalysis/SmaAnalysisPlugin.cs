using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.SmaAnalysis;

/// <summary>SMA of the close with the window's fit errors against it.</summary>
public sealed class SmaAnalysisPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("sma", "Mean of the last `period` closes."),
        OutputColumn.Float("mad", "Mean absolute deviation of the window's closes from the sma."),
        OutputColumn.Float("mse", "Mean squared error of the window's closes against the sma."),
        OutputColumn.Float("mape", "Mean absolute percentage error |close - sma|/close, as a fraction; null if a close in the window is 0."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.sma_analysis",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Simple Moving Average of the close with fit statistics over the same window, each measured against the " +
                      "current sma and divided by `period`: mad = mean |c - sma|, mse = mean (c - sma)^2, mape = mean " +
                      "|c - sma|/c (a fraction, null when any close in the window is 0). Null for the first period-1 bars.",
        Parameters = [ParameterSpec.Integer("period", 20, 1, TechnicalPack.MaxPeriod, "Lookback, in bars.")],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period - 1 bars",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new SmaAnalysisKernel(context.Parameters.GetInt32("period"));

    private sealed class SmaAnalysisKernel(int period) : BarKernel(Outputs)
    {
        private readonly RollingSum _window = new(period);

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var (sma, mad, mse, mape) = (outputs[0], outputs[1], outputs[2], outputs[3]);
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
