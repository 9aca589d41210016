namespace Features.Plugins.Technical.Common;

/// <summary>
/// The value seen <c>lag</c> inputs ago, from a ring allocated once. A struct, so a kernel can copy it into a local
/// for a batch (and back after): as a local its position stays in registers, where as an object's fields the JIT
/// reloads it after every store through an output span (which may alias any field).
/// </summary>
internal struct DelayLine(int lag)
{
    private readonly double[] _ring = new double[lag + 1];
    private long _count;
    private int _next;

    /// <summary>True once an input <c>lag</c> steps back exists.</summary>
    public readonly bool IsReady => _count > lag;

    /// <summary>The input <c>lag</c> steps before the newest (valid when <see cref="IsReady"/>).</summary>
    public readonly double Lagged => _ring[_next];

    public void Add(double value)
    {
        _ring[_next] = value;
        _next = _next + 1 == _ring.Length ? 0 : _next + 1;
        _count++;
    }
}
