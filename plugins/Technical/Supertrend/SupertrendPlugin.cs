using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Supertrend;

/// <summary>SuperTrend.</summary>
public sealed class SupertrendPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("super_trend", "The active stop line (upper band when bearish, lower band when bullish)."),
        OutputColumn.Float("upper_band", "The line while bearish, else null."),
        OutputColumn.Float("lower_band", "The line while bullish, else null."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.supertrend",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "SuperTrend: mid = (H+L)/2, candidate bands mid +/- multiplier*ATR(period) (Wilder ATR seeded with the mean of " +
                      "the first `period` true ranges). The upper band only moves down unless the previous close broke above it; the " +
                      "lower band only moves up unless the previous close broke below it. Bearish when the close is at or below the " +
                      "active band (lower when bullish, upper when bearish), else bullish; the first trend is close >= mid.",
        Parameters =
        [
            ParameterSpec.Integer("period", 10, 2, TechnicalPack.MaxPeriod, "ATR lookback, in bars."),
            ParameterSpec.Number("multiplier", 3, 0.000001, 100, "Band distance in ATRs."),
        ],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "period bars (the first value is at bar index `period`)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period");

    public IFeatureKernel CreateKernel(KernelContext context) =>
        new SupertrendKernel(context.Parameters.GetInt32("period"), context.Parameters.GetDouble("multiplier"));

    private sealed class SupertrendKernel(int period, double multiplier) : BarKernel(Outputs)
    {
        private readonly AverageTrueRange _atr = new(period);
        private bool _started;
        private bool _bullish = true;
        private double _upper;
        private double _lower;
        private double _previousClose;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                double h = bars.High[i], l = bars.Low[i], c = bars.Close[i];
                var atr = _atr.Add(h, l, c);
                outputs[0][i] = outputs[1][i] = outputs[2][i] = double.NaN;
                if (!double.IsNaN(atr))
                {
                    var mid = (h + l) / 2;
                    var upperEval = mid + multiplier * atr;
                    var lowerEval = mid - multiplier * atr;
                    if (!_started)
                    {
                        _started = true;
                        _bullish = c >= mid;
                        _upper = upperEval;
                        _lower = lowerEval;
                    }
                    if (upperEval < _upper || _previousClose > _upper) _upper = upperEval;
                    if (lowerEval > _lower || _previousClose < _lower) _lower = lowerEval;

                    if (c <= (_bullish ? _lower : _upper))
                    {
                        _bullish = false;
                        outputs[0][i] = outputs[1][i] = _upper;
                    }
                    else
                    {
                        _bullish = true;
                        outputs[0][i] = outputs[2][i] = _lower;
                    }
                }
                _previousClose = c;
            }
        }
    }
}
