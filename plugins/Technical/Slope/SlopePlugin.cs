using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Slope;

/// <summary>The parameters of <see cref="SlopePlugin"/>.</summary>
public sealed class SlopeParameters
{
    [Parameter("Regression window, in bars.", Minimum = 2, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Linear regression slope over a rolling window, plus the last window's regression line.</summary>
public sealed class SlopePlugin() : FeaturePlugin<SlopeParameters>(TechnicalPack.Describe("technical.slope", Outputs, ["close"],
    warmup: "period - 1 bars",
    lookAhead: "period bars: `line` is drawn over the last `period` rows of the series, so a row is final once `period` later bars exist",
    description: "Linear Regression over the last `period` closes with x = the 1-based bar number counted from the first bar the " +
                 "kernel sees (so the intercept depends on where the series starts; the slope does not). Two-pass sums over " +
                 "the window: slope = Sxy/Sxx, intercept = mean(y) - slope*mean(x), std_dev = sqrt(Syy/N) (population), " +
                 "r_squared = (Sxy/(N*sd(x)*sd(y)))^2, null when sd(y) = 0. `line` is the regression line of the series' " +
                 "final window drawn over its last `period` rows, null elsewhere: it repaints as the series grows."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Slope = Outputs.Float("slope", "Least-squares slope of the close against the bar number over `period` bars.");
    private static readonly FloatOutput Intercept = Outputs.Float("intercept", "Regression intercept, with x = 1-based bar number counted from the first bar of the series.");
    private static readonly FloatOutput StdDev = Outputs.Float("std_dev", "Population standard deviation of the closes in the window.");
    private static readonly FloatOutput RSquared = Outputs.Float("r_squared", "Coefficient of determination of the fit; null when the closes are flat.");
    private static readonly FloatOutput Line = Outputs.Float("line", "The last window's regression line slope*x + intercept, on the last `period` rows of the series only.", OutputUnit.Price);

    protected override int WarmupBars(SlopeParameters p) => p.Period - 1;

    protected override int LookAheadBars(SlopeParameters p) => p.Period;

    protected override IFeatureKernel CreateKernel(SlopeParameters p, KernelContext context) => new SlopeKernel(p.Period);

    private sealed class SlopeKernel(int period) : DeferredFeatureKernel(Outputs)
    {
        private readonly double[] _closes = new double[period];
        private readonly PendingRows _rows = new(Outputs, period + 1);
        private long _count;
        private double _lastSlope = double.NaN;
        private double _lastIntercept = double.NaN;

        protected override void Consume(in BarSpans bars)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                var row = _rows.Add();
                _closes[_count % period] = bars.Close[i];
                _count++;
                if (_count >= period) Regress(row);
                if (_rows.Count > period) Release();
            }
        }

        // Two passes over the window (O(period) per bar) keep full precision; running sums of x*y lose it. The ring
        // is walked from its oldest slot with a wrap-around compare: a 64-bit `%` per close cost more than the sums.
        private void Regress(long row)
        {
            var start = _count - period;
            var oldest = (int)(start % period);
            double sumX = 0, sumY = 0;
            for (int p = 0, slot = oldest; p < period; p++)
            {
                sumX += start + p + 1d;
                sumY += _closes[slot];
                if (++slot == period) slot = 0;
            }
            var avgX = sumX / period;
            var avgY = sumY / period;
            double sxx = 0, syy = 0, sxy = 0;
            for (int p = 0, slot = oldest; p < period; p++)
            {
                var dx = start + p + 1d - avgX;
                var dy = _closes[slot] - avgY;
                if (++slot == period) slot = 0;
                sxx += dx * dx;
                syy += dy * dy;
                sxy += dx * dy;
            }
            var slope = sxy / sxx;
            var intercept = avgY - slope * avgX;
            var sdX = Math.Sqrt(sxx / period);
            var sdY = Math.Sqrt(syy / period);
            var r2 = double.NaN;
            if (sdX * sdY != 0)
            {
                var r = sxy / (sdX * sdY) / period;
                r2 = r * r;
            }
            _rows[row, Slope] = slope;
            _rows[row, Intercept] = intercept;
            _rows[row, StdDev] = sdY;
            _rows[row, RSquared] = r2;
            _lastSlope = slope;
            _lastIntercept = intercept;
        }

        protected override void Finish()
        {
            if (_count >= period)
            {
                for (var row = Math.Max(_rows.First, _count - period); row < _count; row++)
                {
                    _rows[row, Line] = _lastSlope * (row + 1) + _lastIntercept;
                }
            }
            while (_rows.Count > 0) Release();
        }

        private void Release()
        {
            Emit(_rows.OldestOutputs);
            _rows.RemoveOldest();
        }
    }
}
