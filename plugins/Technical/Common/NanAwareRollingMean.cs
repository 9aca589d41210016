using System.Numerics;
using System.Runtime.InteropServices;

namespace Features.Plugins.Technical.Common;

/// <summary>
/// Mean of the last <c>period</c> inputs that is NaN while any of them is NaN (or fewer than
/// <c>period</c> were seen), matching a plain windowed SMA over a series with null warm-up rows.
/// </summary>
internal sealed class NanAwareRollingMean(int period)
{
    private readonly RollingSum _sum = new(period);
    private readonly bool[] _isNaN = new bool[period];
    private bool[] _clean = [];
    private int _next;
    private int _nanCount;

    public double Add(double x)
    {
        if (_sum.IsFull && _isNaN[_next]) _nanCount--;
        var nan = double.IsNaN(x);
        _isNaN[_next] = nan;
        if (nan) _nanCount++;
        _next = _next + 1 == period ? 0 : _next + 1;
        _sum.Add(nan ? 0 : x);
        return _sum.IsFull && _nanCount == 0 ? _sum.Mean : double.NaN;
    }

    /// <summary>
    /// <see cref="Add"/> for every input, writing each mean to <paramref name="means"/> (which may be the input
    /// itself), in three passes with their state in locals: NaN bookkeeping, the sums (<see cref="RollingSum.AddRange"/>),
    /// then the nulls.
    /// </summary>
    public void AddRange(ReadOnlySpan<double> input, Span<double> means)
    {
        var n = input.Length;
        means = means[..n];
        if (_nanCount == 0 && !ContainsNaN(input))
        {
            // The usual batch past the warm-up: no NaN in the window nor in the input, so no bookkeeping per value.
            Array.Clear(_isNaN);
            _next = (int)((_next + (long)n) % period);
            if (!input.Overlaps(means, out var offset) || offset != 0) input.CopyTo(means);
            _sum.AddRange(means, means);
            return;
        }
        if (_clean.Length < n) _clean = new bool[n];
        var (clean, isNaN) = (_clean, _isNaN);
        // Whether the ring is full before each input: the sum's own count, followed here.
        var seen = _sum.IsFull ? period : 0;
        var (next, nanCount) = (_next, _nanCount);
        for (var i = 0; i < n; i++)
        {
            var x = input[i];
            if (seen >= period && isNaN[next]) nanCount--;
            var nan = double.IsNaN(x);
            isNaN[next] = nan;
            if (nan) nanCount++;
            next = next + 1 == period ? 0 : next + 1;
            if (seen < period) seen++;
            clean[i] = nanCount == 0;
            means[i] = nan ? 0 : x;
        }
        (_next, _nanCount) = (next, nanCount);
        _sum.AddRange(means, means);
        for (var i = 0; i < n; i++)
        {
            if (!clean[i]) means[i] = double.NaN;
        }
    }

    private static bool ContainsNaN(ReadOnlySpan<double> values)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
        foreach (var v in vectors)
        {
            // NaN is the one value not equal to itself.
            if (!Vector.EqualsAll(v, v)) return true;
        }
        for (var i = vectors.Length * Vector<double>.Count; i < values.Length; i++)
        {
            if (double.IsNaN(values[i])) return true;
        }
        return false;
    }
}
