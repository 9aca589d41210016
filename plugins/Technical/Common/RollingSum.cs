namespace Features.Plugins.Technical.Common;

/// <summary>
/// Sum of the last <c>period</c> values in O(1) per value, with Neumaier compensation so a long series
/// does not drift away from the direct sum. Allocates its ring once.
/// </summary>
internal sealed class RollingSum(int period)
{
    private readonly double[] _ring = new double[period];
    private int _count;
    private int _next;
    private double _sum;
    private double _compensation;

    public int Period => period;
    public bool IsFull => _count >= period;
    public double Sum => _sum + _compensation;
    public double Mean => Sum / period;

    /// <summary>The value that entered <paramref name="back"/> steps ago (0 = newest).</summary>
    public double Back(int back) => _ring[(_next - 1 - back + 2 * period) % period];

    public void Add(double value)
    {
        // Sum and compensation in locals across both steps: one load and one store per field per value.
        var sum = _sum;
        var compensation = _compensation;
        var next = _next;
        if (_count >= period)
        {
            Accumulate(ref sum, ref compensation, -_ring[next]);
        }
        else
        {
            _count++;
        }
        _ring[next] = value;
        _next = next + 1 == period ? 0 : next + 1;
        Accumulate(ref sum, ref compensation, value);
        _sum = sum;
        _compensation = compensation;
    }

    private static void Accumulate(ref double sum, ref double compensation, double x)
    {
        var t = sum + x;
        compensation += Math.Abs(sum) >= Math.Abs(x) ? (sum - t) + x : (x - t) + sum;
        sum = t;
    }
}
