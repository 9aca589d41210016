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
        if (_count >= period)
        {
            Accumulate(-_ring[_next]);
        }
        else
        {
            _count++;
        }
        _ring[_next] = value;
        _next = _next + 1 == period ? 0 : _next + 1;
        Accumulate(value);
    }

    private void Accumulate(double x)
    {
        var t = _sum + x;
        _compensation += Math.Abs(_sum) >= Math.Abs(x) ? (_sum - t) + x : (x - t) + _sum;
        _sum = t;
    }
}
