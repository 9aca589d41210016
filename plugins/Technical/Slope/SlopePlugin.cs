using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Slope;

/// <summary>Linear regression slope over a rolling window, plus the last window's regression line.</summary>
public sealed class SlopePlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("slope", "Least-squares slope of the close against the bar number over `period` bars."),
        OutputColumn.Float("intercept", "Regression intercept, with x = 1-based bar number counted from the first bar of the series."),
        OutputColumn.Float("std_dev", "Population standard deviation of the closes in the window."),
        OutputColumn.Float("r_squared", "Coefficient of determination of the fit; null when the closes are flat."),
        OutputColumn.Float("line", "The last window's regression line slope*x + intercept, on the last `period` rows of the series only."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.slope",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Linear Regression over the last `period` closes with x = the 1-based bar number counted from the first bar the " +
                      "kernel sees (so the intercept depends on where the series starts; the slope does not). Two-pass sums over " +
                      "the window: slope = Sxy/Sxx, intercept = mean(y) - slope*mean(x), std_dev = sqrt(Syy/N) (population), " +
                      "r_squared = (Sxy/(N*sd(x)*sd(y)))^2, null when sd(y) = 0. `line` is the regression line of the series' " +
                      "final window drawn over its last `period` rows, null elsewhere: it repaints as the series grows.",
        Parameters = [ParameterSpec.Integer("period", 14, 2, TechnicalPack.MaxPeriod, "Regression window, in bars.")],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period - 1 bars",
        LookAheadRule = "period bars: `line` is drawn over the last `period` rows of the series, so a row is final once `period` later bars exist",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public int LookAheadBars(ParameterValues parameters) => parameters.GetInt32("period");

    public IFeatureKernel CreateKernel(KernelContext context) => new SlopeKernel(context.Parameters.GetInt32("period"));

    private sealed class SlopeKernel(int period) : DeferredKernel(Outputs)
    {
        private readonly double[] _closes = new double[period];
        private readonly PendingRows _rows = new(5, period + 1);
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

        // Two passes over the window (O(period) per bar) keep full precision; running sums of x*y lose it.
        private void Regress(long row)
        {
            var start = _count - period;
            double sumX = 0, sumY = 0;
            for (var p = 0; p < period; p++)
            {
                sumX += start + p + 1d;
                sumY += _closes[(start + p) % period];
            }
            var avgX = sumX / period;
            var avgY = sumY / period;
            double sxx = 0, syy = 0, sxy = 0;
            for (var p = 0; p < period; p++)
            {
                var dx = start + p + 1d - avgX;
                var dy = _closes[(start + p) % period] - avgY;
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
            _rows[row, 0] = slope;
            _rows[row, 1] = intercept;
            _rows[row, 2] = sdY;
            _rows[row, 3] = r2;
            _lastSlope = slope;
            _lastIntercept = intercept;
        }

        protected override void Finish()
        {
            if (_count >= period)
            {
                for (var row = Math.Max(_rows.First, _count - period); row < _count; row++)
                {
                    _rows[row, 4] = _lastSlope * (row + 1) + _lastIntercept;
                }
            }
            while (_rows.Count > 0) Release();
        }

        private void Release()
        {
            Emit(_rows.Oldest);
            _rows.RemoveOldest();
        }
    }
}
