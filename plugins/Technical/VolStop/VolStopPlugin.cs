using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.VolStop;

/// <summary>Volatility Stop.</summary>
public sealed class VolStopPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("sar", "Stop level: extreme close -/+ multiplier * previous bar's ATR."),
        OutputColumn.Bool("is_stop", "True when the close crosses the stop and the position flips."),
        OutputColumn.Float("upper_band", "The stop while short, else null."),
        OutputColumn.Float("lower_band", "The stop while long, else null."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.vol_stop",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Volatility Stop: the initial side is long when close[period-1] > close[0], and the significant close (SIC) is " +
                      "the max (long) or min (short) close of the first `period` bars. From bar `period` on, stop = SIC -/+ " +
                      "multiplier * ATR(period) of the previous bar (Wilder ATR seeded with the mean of the first `period` true " +
                      "ranges); a close beyond the stop flips the side and resets SIC to that close, otherwise SIC tracks the most " +
                      "favourable close. Because the opening side is a guess, every row up to and including the first stop is null.",
        Parameters =
        [
            ParameterSpec.Integer("period", 7, 2, TechnicalPack.MaxPeriod, "ATR lookback and initial-trend window, in bars."),
            ParameterSpec.Number("multiplier", 3, 0.000001, 100, "Stop distance in ATRs."),
        ],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "data-dependent: null until the first stop after bar `period` (unbounded); 8*period declared as a heuristic",
    };

    // The first stop has no fixed bound; 8*period is a heuristic.
    public int WarmupBars(ParameterValues parameters) => 8 * parameters.GetInt32("period");

    public IFeatureKernel CreateKernel(KernelContext context) =>
        new VolStopKernel(context.Parameters.GetInt32("period"), context.Parameters.GetDouble("multiplier"));

    private sealed class VolStopKernel(int period, double multiplier) : BarKernel(Outputs)
    {
        private readonly AverageTrueRange _atr = new(period);
        private readonly double[] _initial = new double[period];
        private long _index = -1;
        private double _previousAtr = double.NaN;
        private bool _long;
        private double _sic;
        private bool _stopped;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                _index++;
                var c = bars.Close[i];
                var atr = _atr.Add(bars.High[i], bars.Low[i], c);
                outputs[0][i] = outputs[1][i] = outputs[2][i] = outputs[3][i] = double.NaN;

                if (_index < period)
                {
                    _initial[_index] = c;
                    if (_index == period - 1) Initialise();
                }
                else
                {
                    var arc = _previousAtr * multiplier;
                    var wasLong = _long;
                    var sar = wasLong ? _sic - arc : _sic + arc;
                    bool stop;
                    if ((_long && c < sar) || (!_long && c > sar))
                    {
                        stop = true;
                        _sic = c;
                        _long = !_long;
                    }
                    else
                    {
                        stop = false;
                        _sic = _long ? Math.Max(_sic, c) : Math.Min(_sic, c);
                    }

                    // Everything up to the first stop rests on the opening guess.
                    if (_stopped)
                    {
                        outputs[0][i] = sar;
                        outputs[1][i] = stop ? 1 : 0;
                        outputs[wasLong ? 3 : 2][i] = sar;
                    }
                    else if (stop)
                    {
                        _stopped = true;
                    }
                }
                _previousAtr = atr;
            }
        }

        private void Initialise()
        {
            _sic = _initial[0];
            _long = _initial[period - 1] > _sic;
            for (var k = 0; k < period; k++)
            {
                _sic = _long ? Math.Max(_sic, _initial[k]) : Math.Min(_sic, _initial[k]);
            }
        }
    }
}
