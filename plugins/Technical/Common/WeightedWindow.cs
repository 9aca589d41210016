namespace Features.Plugins.Technical.Common;

/// <summary>
/// The last <c>period</c> values with their plain sum and their linearly weighted sum
/// (weight 1 for the oldest, <c>period</c> for the newest), each updated in O(1). Both sums are
/// recomputed exactly from the ring once every <c>period</c> slides, so rounding never accumulates
/// beyond one window; the cost stays amortised O(1).
/// </summary>
internal sealed class WeightedWindow(int period)
{
    private readonly double[] _ring = new double[period];
    private int _count;
    private int _next;
    private int _slides;
    private double _sum;
    private double _weighted;

    public int Period => period;
    public bool IsFull => _count >= period;
    public double Sum => _sum;
    /// <summary>Σ k·x_k, k = 1 (oldest) .. period (newest).</summary>
    public double Weighted => _weighted;

    public void Add(double value)
    {
        if (_count < period)
        {
            _count++;
            _sum += value;
            _weighted += _count * value;
        }
        else
        {
            // Every value's weight drops by one, the oldest (weight 1) leaves, the new one enters at `period`.
            var oldest = _ring[_next];
            _weighted += period * value - _sum;
            _sum += value - oldest;
        }
        _ring[_next] = value;
        _next = _next + 1 == period ? 0 : _next + 1;
        if (_count >= period && ++_slides >= period)
        {
            _slides = 0;
            Refresh();
        }
    }

    private void Refresh()
    {
        double sum = 0, weighted = 0;
        for (var k = 0; k < period; k++)
        {
            var v = _ring[(_next + k) % period];
            sum += v;
            weighted += (k + 1) * v;
        }
        _sum = sum;
        _weighted = weighted;
    }
}
