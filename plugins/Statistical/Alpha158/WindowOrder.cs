using System.Numerics;

namespace Features.Plugins.Statistical.Alpha158;

/// <summary>
/// The maximum of the last <c>d</c> values and where it is (monotone deque of bar numbers, amortised O(1) per bar).
/// A new value evicts only strictly smaller ones, so among equal maxima the oldest stays in front: numpy's argmax,
/// which Qlib's IdxMax calls, returns the first occurrence. Null values are skipped (nanargmax).
/// </summary>
internal sealed class SlidingMaximum(int window)
{
    private readonly long[] _bars = new long[BitOperations.RoundUpToPowerOf2((uint)window + 1)];
    private readonly double[] _values = new double[BitOperations.RoundUpToPowerOf2((uint)window + 1)];
    private long _head, _tail;

    /// <summary>Adds bar <paramref name="t"/> with <paramref name="value"/> (already negated for a minimum).</summary>
    public void Push(long t, double value)
    {
        var mask = _bars.Length - 1;
        while (_tail > _head && _bars[(int)(_head & mask)] <= t - window) _head++;
        if (double.IsNaN(value)) return;
        while (_tail > _head && _values[(int)((_tail - 1) & mask)] < value) _tail--;
        _bars[(int)(_tail & mask)] = t;
        _values[(int)(_tail & mask)] = value;
        _tail++;
    }

    public bool IsEmpty => _tail == _head;

    /// <summary>The maximum (NaN when every value of the window is null).</summary>
    public double Value => IsEmpty ? double.NaN : _values[(int)(_head & (_values.Length - 1))];

    /// <summary>The bar number of the oldest maximum; meaningful unless <see cref="IsEmpty"/>.</summary>
    public long Bar => _bars[(int)(_head & (_bars.Length - 1))];
}

/// <summary>
/// The non-null values of the last <c>d</c> bars in sorted order, for quantiles and the rank of the newest value:
/// a binary search finds where a value goes (O(log d) comparisons), and the insert or removal shifts the values
/// above it, a block move of at most d doubles (at Qlib's windows, d ≤ 60, a few cache lines: cheaper than a tree).
/// </summary>
internal sealed class SortedWindow(int window)
{
    private readonly double[] _sorted = new double[window];
    private int _count;

    public int Count => _count;

    /// <summary>Adds a value (nulls are skipped).</summary>
    public void Add(double value)
    {
        if (double.IsNaN(value)) return;
        var at = UpperBound(value);
        Array.Copy(_sorted, at, _sorted, at + 1, _count - at);
        _sorted[at] = value;
        _count++;
    }

    /// <summary>Removes one copy of a value added earlier (nulls are skipped).</summary>
    public void Remove(double value)
    {
        if (double.IsNaN(value)) return;
        var at = LowerBound(value);
        Array.Copy(_sorted, at + 1, _sorted, at, _count - at - 1);
        _count--;
    }

    /// <summary>pandas' rolling quantile, linear: h = q(n-1); x[⌊h⌋] + (x[⌊h⌋+1] - x[⌊h⌋])(h - ⌊h⌋).</summary>
    public double Quantile(double q)
    {
        if (_count == 0) return double.NaN;
        if (_count == 1) return _sorted[0];
        var h = q * (_count - 1);
        var lo = (int)h;
        if (h == lo) return _sorted[lo];
        return _sorted[lo] + (_sorted[lo + 1] - _sorted[lo]) * (h - lo);
    }

    /// <summary>pandas' rank(pct=True) of a value in the window: (less + (equal + 1)/2)/n, ties averaged.</summary>
    public double PercentRank(double value)
    {
        if (double.IsNaN(value) || _count == 0) return double.NaN;
        var less = LowerBound(value);
        var equal = UpperBound(value) - less;
        return (less + (equal + 1) / 2.0) / _count;
    }

    private int LowerBound(double value)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private int UpperBound(double value)
    {
        int lo = 0, hi = _count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid] <= value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
