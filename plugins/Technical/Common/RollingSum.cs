using System.Runtime.Intrinsics;

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

    /// <summary>
    /// <see cref="Add"/> for every value of <paramref name="input"/>, writing <see cref="Mean"/> (NaN until the
    /// window is full) to <paramref name="means"/>, with the same arithmetic. The running state stays in
    /// locals for the loop instead of making a store/reload round trip through the fields per value.
    /// </summary>
    public void AddRange(ReadOnlySpan<double> input, Span<double> means)
    {
        means = means[..input.Length];
        var i = 0;
        for (; i < input.Length && !IsFull; i++)
        {
            Add(input[i]);
            means[i] = IsFull ? Mean : double.NaN;
        }
        if (i == input.Length) return;
        var ring = _ring;
        var (sum, compensation, next) = (_sum, _compensation, _next);
        for (; i < input.Length; i++)
        {
            var value = input[i];
            Accumulate(ref sum, ref compensation, -ring[next]);
            ring[next] = value;
            next = next + 1 == ring.Length ? 0 : next + 1;
            Accumulate(ref sum, ref compensation, value);
            means[i] = (sum + compensation) / period;
        }
        (_sum, _compensation, _next) = (sum, compensation, next);
    }

    private static void Accumulate(ref double sum, ref double compensation, double x)
    {
        var t = sum + x;
        // (big - t) + small: which of the two is bigger is picked with a mask, not a branch. On values that
        // change sign or size (an oscillator's), that branch was a coin flip the predictor kept missing.
        var (s, v) = (Vector128.CreateScalarUnsafe(sum), Vector128.CreateScalarUnsafe(x));
        var sumIsBigger = Vector128.GreaterThanOrEqual(Vector128.Abs(s), Vector128.Abs(v));
        var big = Vector128.ConditionalSelect(sumIsBigger, s, v).ToScalar();
        var small = Vector128.ConditionalSelect(sumIsBigger, v, s).ToScalar();
        compensation += (big - t) + small;
        sum = t;
    }
}
