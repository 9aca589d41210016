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
        // The window is two contiguous runs of the ring, oldest first: no modulo per element.
        var start = (int)(count % period);
        var older = ring.AsSpan(start, period - start);
        var newer = ring.AsSpan(0, start);
        var sum = 0.0;
        foreach (var v in older) sum += v;
        foreach (var v in newer) sum += v;
        var mean = sum / period;
        var squares = 0.0;
        foreach (var v in older) squares += (v - mean) * (v - mean);
        foreach (var v in newer) squares += (v - mean) * (v - mean);
        return (mean, period <= 1 ? 0 : Math.Sqrt(squares / period));
    }
}
