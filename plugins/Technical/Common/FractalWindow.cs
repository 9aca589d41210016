namespace Features.Plugins.Technical.Common;

/// <summary>
/// Williams fractal test over a sliding window of <c>left + 1 + right</c> bars: once the window is full
/// the centre bar (the one <c>right</c> bars back) is a bearish fractal when its high is strictly above
/// every other high in the window, a bullish one when its low is strictly below every other low.
/// </summary>
internal sealed class FractalWindow(int left, int right)
{
    private readonly int _size = left + right + 1;
    private readonly double[] _highs = new double[left + right + 1];
    private readonly double[] _lows = new double[left + right + 1];
    private long _count;
    private int _next;

    /// <summary>Absolute index of the centre bar of the last full window (-1 before).</summary>
    public long Centre => _count >= _size ? _count - 1 - right : -1;

    /// <summary>The centre's high when it is a bearish fractal, else NaN.</summary>
    public double Bear { get; private set; } = double.NaN;

    /// <summary>The centre's low when it is a bullish fractal, else NaN.</summary>
    public double Bull { get; private set; } = double.NaN;

    /// <summary>Adds a bar; true when a centre bar was evaluated.</summary>
    public bool Add(double high, double low)
    {
        // Ring slots advance with a compare, not a 64-bit `%` per bar.
        var slot = _next;
        _highs[slot] = high;
        _lows[slot] = low;
        if (++_next == _size) _next = 0;
        _count++;
        Bear = Bull = double.NaN;
        if (_count < _size) return false;

        // The centre is `right` bars before the newest bar.
        var centre = slot - right;
        if (centre < 0) centre += _size;
        var h = _highs[centre];
        var l = _lows[centre];
        bool isHigh = true, isLow = true;
        for (var k = 0; k < _size; k++)
        {
            if (k == centre) continue;
            // Without branches: on random prices these compares mispredict half the time. `!(a <= b)` keeps NaN's
            // meaning (a NaN neighbour does not disqualify the centre).
            isHigh &= !(h <= _highs[k]);
            isLow &= !(l >= _lows[k]);
        }
        if (isHigh) Bear = h;
        if (isLow) Bull = l;
        return true;
    }
}
