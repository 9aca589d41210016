using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.VolStop;

/// <summary>The parameters of <see cref="VolStopPlugin"/>.</summary>
public sealed class VolStopParameters
{
    [Parameter("ATR lookback and initial-trend window, in bars.", Minimum = 2, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 7;

    [Parameter("Stop distance in ATRs.", Minimum = 0.000001, Maximum = 100)]
    public double Multiplier { get; init; } = 3;
}

/// <summary>Volatility Stop.</summary>
public sealed class VolStopPlugin() : FeaturePlugin<VolStopParameters>(TechnicalPack.Describe("technical.vol_stop", Outputs, ["high", "low", "close"],
    warmup: "data-dependent: null until the first stop after bar `period` (unbounded); 8*period declared as a heuristic",
    description: "Volatility Stop: the initial side is long when close[period-1] > close[0], and the significant close (SIC) is " +
                 "the max (long) or min (short) close of the first `period` bars. From bar `period` on, stop = SIC -/+ " +
                 "multiplier * ATR(period) of the previous bar (Wilder ATR seeded with the mean of the first `period` true " +
                 "ranges); a close beyond the stop flips the side and resets SIC to that close, otherwise SIC tracks the most " +
                 "favourable close. Because the opening side is a guess, every row up to and including the first stop is null."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Sar = Outputs.Float("sar", "Stop level: extreme close -/+ multiplier * previous bar's ATR.", OutputUnit.Price);
    private static readonly BoolOutput IsStop = Outputs.Bool("is_stop", "True when the close crosses the stop and the position flips.");
    private static readonly FloatOutput UpperBand = Outputs.Float("upper_band", "The stop while short, else null.", OutputUnit.Price);
    private static readonly FloatOutput LowerBand = Outputs.Float("lower_band", "The stop while long, else null.", OutputUnit.Price);

    // The first stop has no fixed bound; 8*period is a heuristic.
    protected override int WarmupBars(VolStopParameters p) => 8 * p.Period;

    protected override IFeatureKernel CreateKernel(VolStopParameters p, KernelContext context) =>
        new VolStopKernel(p.Period, p.Multiplier);

    private sealed class VolStopKernel(int period, double multiplier) : FeatureKernel(Outputs)
    {
        private readonly AverageTrueRange _atr = new(period);
        private readonly double[] _initial = new double[period];
        private long _index = -1;
        private double _previousAtr = double.NaN;
        private bool _long;
        private double _sic;
        private bool _stopped;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            Span<double> sarOut = outputs[Sar], upperBand = outputs[UpperBand], lowerBand = outputs[LowerBand];
            var isStop = outputs[IsStop];
            for (var i = 0; i < bars.Length; i++)
            {
                _index++;
                var c = bars.Close[i];
                var atr = _atr.Add(bars.High[i], bars.Low[i], c);
                sarOut[i] = upperBand[i] = lowerBand[i] = double.NaN;
                isStop.SetNull(i);

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
                        sarOut[i] = sar;
                        isStop.Set(i, stop);
                        (wasLong ? lowerBand : upperBand)[i] = sar;
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
