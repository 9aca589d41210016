namespace Features.Plugins.Technical.Common;

/// <summary>Two-pass statistics over a ring buffer holding the last <c>period</c> values.</summary>
internal static class WindowStatistics
{
    /// <summary>
    /// Mean and population standard deviation of the ring, visited oldest first. <paramref name="count"/>
    /// is how many values were ever written (slot = count % period), so the order matches a plain loop
    /// over the window and a flat window gives exactly 0.
    /// </summary>
    public static (double Mean, double StdDev) MeanAndPopulationStdDev(double[] ring, long count, int period)
    {
        var start = (int)(count % period);
        var sum = 0.0;
        for (var k = 0; k < period; k++)
        {
            sum += ring[(start + k) % period];
        }
        var mean = sum / period;
        var squares = 0.0;
        for (var k = 0; k < period; k++)
        {
            var d = ring[(start + k) % period] - mean;
            squares += d * d;
        }
        return (mean, period <= 1 ? 0 : Math.Sqrt(squares / period));
    }
}
