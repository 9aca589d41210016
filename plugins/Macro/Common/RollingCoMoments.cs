namespace Features.Plugins.Macro.Common;

/// <summary>
/// Means, variances and the covariance of the last <c>capacity</c> (x, y) pairs in amortised O(1).
/// Entries can be held in the window without counting (<c>include: false</c>), for the up/down-market
/// betas. The sums are of deviations from an anchor taken from the window itself, compensated
/// (Neumaier), and rebuilt from the ring every <c>capacity</c> additions: prices in the hundreds
/// would otherwise lose most of their digits to E[x²] - E[x]², and removals would drift.
/// </summary>
internal sealed class RollingCoMoments(int capacity)
{
    // Below this share of the raw second moment a variance is rounding noise: call it zero, so a
    // flat window gives a null ratio rather than a huge one.
    private const double NoiseFloor = 1e-12;

    private readonly double[] _x = new double[capacity];
    private readonly double[] _y = new double[capacity];
    private readonly bool[] _included = new bool[capacity];
    private int _next;
    private int _entries;
    private int _sinceRebuild;
    private bool _anchored;
    private double _kx;
    private double _ky;
    private CompensatedSum _sx;
    private CompensatedSum _sy;
    private CompensatedSum _sxx;
    private CompensatedSum _syy;
    private CompensatedSum _sxy;

    /// <summary>Pairs held in the window, counted or not.</summary>
    public int Entries => _entries;
    /// <summary>True once the window holds <c>capacity</c> pairs.</summary>
    public bool IsFull => _entries == capacity;
    /// <summary>Pairs in the window that count towards the statistics.</summary>
    public int Count { get; private set; }

    public double MeanX => Count == 0 ? double.NaN : _kx + _sx.Value / Count;
    public double MeanY => Count == 0 ? double.NaN : _ky + _sy.Value / Count;
    /// <summary>Population variance of x (divides by n).</summary>
    public double VarianceX => Count == 0 ? double.NaN : Spread(_sxx.Value, _sx.Value) / Count;
    /// <summary>Population variance of y (divides by n).</summary>
    public double VarianceY => Count == 0 ? double.NaN : Spread(_syy.Value, _sy.Value) / Count;
    /// <summary>Sample variance of x (divides by n - 1); NaN below two values.</summary>
    public double SampleVarianceX => Count < 2 ? double.NaN : Spread(_sxx.Value, _sx.Value) / (Count - 1);
    /// <summary>Population covariance of x and y (divides by n).</summary>
    public double Covariance => Count == 0 ? double.NaN : (_sxy.Value - _sx.Value * _sy.Value / Count) / Count;

    public void Add(double x, double y, bool include = true)
    {
        if (_entries == capacity)
        {
            if (_included[_next]) Accumulate(_x[_next], _y[_next], -1);
        }
        else
        {
            _entries++;
        }
        _x[_next] = x;
        _y[_next] = y;
        _included[_next] = include;
        _next = _next + 1 == capacity ? 0 : _next + 1;
        if (include)
        {
            if (!_anchored)
            {
                (_kx, _ky, _anchored) = (x, y, true);
            }
            Accumulate(x, y, +1);
        }
        if (++_sinceRebuild >= capacity)
        {
            Rebuild();
        }
    }

    private double Spread(double sumOfSquares, double sum)
    {
        if (Count < 2) return 0;
        var numerator = sumOfSquares - sum * sum / Count;
        return numerator <= NoiseFloor * sumOfSquares ? 0 : numerator;
    }

    private void Accumulate(double x, double y, int sign)
    {
        var dx = x - _kx;
        var dy = y - _ky;
        Count += sign;
        _sx.Add(sign * dx);
        _sy.Add(sign * dy);
        _sxx.Add(sign * dx * dx);
        _syy.Add(sign * dy * dy);
        _sxy.Add(sign * dx * dy);
    }

    private void Rebuild()
    {
        _sinceRebuild = 0;
        _sx = _sy = _sxx = _syy = _sxy = default;
        Count = 0;
        var oldest = _entries == capacity ? _next : 0;
        // Re-anchor on the newest counted pair: it sits inside the window's range.
        for (var k = _entries - 1; k >= 0; k--)
        {
            var i = (oldest + k) % capacity;
            if (_included[i])
            {
                (_kx, _ky) = (_x[i], _y[i]);
                break;
            }
        }
        for (var k = 0; k < _entries; k++)
        {
            var i = (oldest + k) % capacity;
            if (_included[i]) Accumulate(_x[i], _y[i], +1);
        }
    }
}

/// <summary>A running sum with Neumaier compensation.</summary>
internal struct CompensatedSum
{
    private double _sum;
    private double _compensation;

    public readonly double Value => _sum + _compensation;

    public void Add(double x)
    {
        var t = _sum + x;
        _compensation += Math.Abs(_sum) >= Math.Abs(x) ? (_sum - t) + x : (x - t) + _sum;
        _sum = t;
    }
}
