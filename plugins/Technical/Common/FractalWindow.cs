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

    /// <summary>Absolute index of the centre bar of the last full window (-1 before).</summary>
    public long Centre => _count >= _size ? _count - 1 - right : -1;

    /// <summary>The centre's high when it is a bearish fractal, else NaN.</summary>
    public double Bear { get; private set; } = double.NaN;

    /// <summary>The centre's low when it is a bullish fractal, else NaN.</summary>
    public double Bull { get; private set; } = double.NaN;

    /// <summary>Adds a bar; true when a centre bar was evaluated.</summary>
    public bool Add(double high, double low)
    {
        var slot = (int)(_count % _size);
        _highs[slot] = high;
        _lows[slot] = low;
        _count++;
        Bear = Bull = double.NaN;
        if (_count < _size) return false;

        var centre = (int)((_count - 1 - right) % _size);
        var h = _highs[centre];
        var l = _lows[centre];
        bool isHigh = true, isLow = true;
        for (var k = 0; k < _size; k++)
        {
            if (k == centre) continue;
            if (h <= _highs[k]) isHigh = false;
            if (l >= _lows[k]) isLow = false;
        }
        if (isHigh) Bear = h;
        if (isLow) Bull = l;
        return true;
    }
}
