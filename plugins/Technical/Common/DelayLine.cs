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

    /// <summary>
    /// Adds every input and writes, per input, the value <c>lag</c> steps before it (NaN while not ready) into
    /// <paramref name="lagged"/>: the ring's position in locals for the run, since a store through a span may alias
    /// any field and would make the JIT reload them every bar.
    /// </summary>
    public void AddRange(ReadOnlySpan<double> input, Span<double> lagged)
    {
        var ring = _ring;
        var next = _next;
        var count = _count;
        for (var i = 0; i < input.Length; i++)
        {
            ring[next] = input[i];
            next = next + 1 == ring.Length ? 0 : next + 1;
            lagged[i] = ++count > lag ? ring[next] : double.NaN;
        }
        _next = next;
        _count = count;
    }

    public void Add(double value)
    {
        _ring[_next] = value;
        _next = _next + 1 == _ring.Length ? 0 : _next + 1;
        _count++;
    }
}
