namespace Features.Plugins.Technical.Common;

/// <summary>
/// Mean of the last <c>period</c> inputs that is NaN while any of them is NaN (or fewer than
/// <c>period</c> were seen), matching a plain windowed SMA over a series with null warm-up rows.
/// </summary>
internal sealed class NanAwareRollingMean(int period)
{
    private readonly RollingSum _sum = new(period);
    private readonly bool[] _isNaN = new bool[period];
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
}
