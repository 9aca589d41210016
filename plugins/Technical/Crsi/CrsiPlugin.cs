using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Crsi;

/// <summary>The parameters of <see cref="CrsiPlugin"/>.</summary>
public sealed class CrsiParameters
{
    [Parameter("RSI lookback on the close, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int RsiPeriod { get; init; } = 3;

    [Parameter("RSI lookback on the streak, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int StreakPeriod { get; init; } = 2;

    [Parameter("Number of past 1-bar returns the current one is ranked against.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int RankPeriod { get; init; } = 100;
}

/// <summary>Connors RSI: mean of RSI(close), RSI(streak) and the percent rank of the 1-bar return.</summary>
public sealed class CrsiPlugin() : FeaturePlugin<CrsiParameters>(TechnicalPack.Describe("technical.crsi", Outputs, ["close"],
    warmup: "max(max(rsi_period, streak_period, rank_period) + 1, streak_period + 2) bars",
    description: "Connors RSI on the close. streak counts consecutive higher (+) or lower (-) closes, resetting to 0 on an " +
                 "unchanged close. Both RSIs are Wilder's (first average = plain mean of the first N changes, then " +
                 "(prev*(N-1)+x)/N; 100 when the average loss is 0; null on the first value when both averages are 0); " +
                 "the streak RSI reads the streak series from its first bar (streak 0) and is reported from bar " +
                 "streak_period+2. percent_rank compares the current 1-bar return C/Cprev-1 with the rank_period+1 " +
                 "returns ending at the current bar (the first bar's return counts as 0; a return after a close <= 0 " +
                 "has no value and voids the rank): 100*count(lower)/rank_period. connors_rsi is the mean of the three, " +
                 "from bar max(rsi_period, streak_period, rank_period)+1."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Streak = Outputs.Float("streak", "Consecutive up (+n) or down (-n) closes; 0 on an unchanged close and on the first bar.");
    private static readonly FloatOutput Rsi = Outputs.Float("rsi", "Wilder RSI(rsi_period) of the close, 0..100.");
    private static readonly FloatOutput RsiStreak = Outputs.Float("rsi_streak", "Wilder RSI(streak_period) of the streak, 0..100.");
    private static readonly FloatOutput PercentRank = Outputs.Float("percent_rank", "100 * (number of the previous rank_period 1-bar returns below the current one)/rank_period.");
    private static readonly FloatOutput ConnorsRsi = Outputs.Float("connors_rsi", "(rsi + rsi_streak + percent_rank)/3, 0..100.");

    protected override int WarmupBars(CrsiParameters p)
    {
        var (rsi, streak, rank) = Periods(p);
        return Math.Max(Math.Max(rsi, Math.Max(streak, rank)) + 1, streak + 2);
    }

    protected override IFeatureKernel CreateKernel(CrsiParameters p, KernelContext context)
    {
        var (rsi, streak, rank) = Periods(p);
        return new CrsiKernel(rsi, streak, rank);
    }

    private static (int Rsi, int Streak, int Rank) Periods(CrsiParameters p) =>
        (p.RsiPeriod, p.StreakPeriod, p.RankPeriod);

    /// <summary>Wilder RSI over a stream of values, with the reference's seeding and flat-start rule.</summary>
    private sealed class WilderRsi(int period)
    {
        private double _previous = double.NaN;
        private int _changes;
        private double _avgGain;
        private double _avgLoss;

        public double Add(double value)
        {
            if (double.IsNaN(_previous))
            {
                _previous = value;
                return double.NaN;
            }
            var change = value - _previous;
            _previous = value;
            var gain = change > 0 ? change : 0;
            var loss = change < 0 ? -change : 0;
            _changes++;
            if (_changes < period)
            {
                _avgGain += gain;
                _avgLoss += loss;
                return double.NaN;
            }
            if (_changes == period)
            {
                _avgGain = (_avgGain + gain) / period;
                _avgLoss = (_avgLoss + loss) / period;
                return _avgLoss > 0 ? 100 - 100 / (1 + _avgGain / _avgLoss) : _avgGain > 0 ? 100 : double.NaN;
            }
            _avgGain = (_avgGain * (period - 1) + gain) / period;
            _avgLoss = (_avgLoss * (period - 1) + loss) / period;
            return _avgLoss > 0 ? 100 - 100 / (1 + _avgGain / _avgLoss) : 100;
        }
    }

    private sealed class CrsiKernel(int rsiPeriod, int streakPeriod, int rankPeriod) : FeatureKernel(Outputs)
    {
        private readonly WilderRsi _rsi = new(rsiPeriod);
        private readonly WilderRsi _streakRsi = new(streakPeriod);
        // The current return and the rank_period before it. Ranking is O(rank_period) per bar: a percentile
        // over a sliding window has no O(1) update.
        private readonly double[] _returns = new double[rankPeriod + 1];
        private readonly RollingCount _voidReturns = new(rankPeriod + 1);
        private long _index = -1;
        private double _previousClose;
        private double _streak;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            Span<double> streakOut = outputs[Streak], rsiOut = outputs[Rsi], rsiStreakOut = outputs[RsiStreak];
            Span<double> rankOut = outputs[PercentRank], crsiOut = outputs[ConnorsRsi];
            for (var i = 0; i < close.Length; i++)
            {
                _index++;
                var c = close[i];
                double ret;
                if (_index == 0)
                {
                    _streak = 0;
                    ret = 0;
                }
                else
                {
                    var p = _previousClose;
                    _streak = c > p ? (_streak >= 0 ? _streak + 1 : 1)
                        : c < p ? (_streak <= 0 ? _streak - 1 : -1)
                        : 0;
                    ret = p <= 0 ? double.NaN : (c - p) / p;
                }
                _previousClose = c;

                var rsi = _rsi.Add(c);
                var rsiStreak = _streakRsi.Add(_streak);
                if (_index < streakPeriod + 2) rsiStreak = double.NaN;

                _returns[_index % (rankPeriod + 1)] = ret;
                _voidReturns.Add(double.IsNaN(ret));
                var rank = double.NaN;
                if (_index >= rankPeriod && _voidReturns.Count == 0)
                {
                    var below = 0;
                    for (var k = 0; k < _returns.Length; k++)
                    {
                        if (_returns[k] < ret) below++;
                    }
                    rank = 100d * below / rankPeriod;
                }

                streakOut[i] = _streak;
                rsiOut[i] = rsi;
                rsiStreakOut[i] = rsiStreak;
                rankOut[i] = rank;
                crsiOut[i] = _index >= Math.Max(rsiPeriod, Math.Max(streakPeriod, rankPeriod)) + 1
                    ? (rsi + rsiStreak + rank) / 3
                    : double.NaN;
            }
        }
    }
}
