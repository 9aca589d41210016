namespace Features.Plugins.Technical.Common;

/// <summary>
/// How many of the last <c>period</c> flags were set, in O(1). Used beside a <see cref="RollingSum"/> to
/// know when a window is exactly empty (all zeros, or a missing value present) without trusting the
/// floating-point residue of a running sum.
/// </summary>
internal sealed class RollingCount(int period)
{
    private readonly bool[] _ring = new bool[period];
    private long _seen;

    public int Count { get; private set; }

    public void Add(bool flag)
    {
        var slot = (int)(_seen % period);
        if (_seen >= period && _ring[slot]) Count--;
        _ring[slot] = flag;
        if (flag) Count++;
        _seen++;
    }
}
