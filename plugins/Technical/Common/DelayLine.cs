namespace Features.Plugins.Technical.Common;

/// <summary>The value seen <c>lag</c> inputs ago, from a ring allocated once.</summary>
internal sealed class DelayLine(int lag)
{
    private readonly double[] _ring = new double[lag + 1];
    private long _count;
    private int _next;

    /// <summary>True once an input <c>lag</c> steps back exists.</summary>
    public bool IsReady => _count > lag;

    /// <summary>The input <c>lag</c> steps before the newest (valid when <see cref="IsReady"/>).</summary>
    public double Lagged => _ring[_next];

    public void Add(double value)
    {
        _ring[_next] = value;
        _next = _next + 1 == _ring.Length ? 0 : _next + 1;
        _count++;
    }
}
