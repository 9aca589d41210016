using System.Runtime.CompilerServices;

namespace Features.Plugins.Statistical.Alpha158;

/// <summary>
/// Count, mean and centred sum of squares of the non-null values of a series (Chan et al.'s pairwise form). Merging
/// never subtracts a removed value, so a window of equal values has exactly that mean and a sum of squares of exactly
/// zero (pandas gives 0 there too), and no rounding residue builds up over a long series.
/// </summary>
internal struct Moments
{
    public double N, Mean, M2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Moments Of(double x) => double.IsNaN(x) ? default : new Moments { N = 1, Mean = x };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Moments Merge(in Moments a, in Moments b)
    {
        if (a.N == 0) return b;
        if (b.N == 0) return a;
        var n = a.N + b.N;
        var delta = b.Mean - a.Mean;
        var share = b.N / n;
        return new Moments { N = n, Mean = a.Mean + delta * share, M2 = a.M2 + b.M2 + delta * delta * a.N * share };
    }

    /// <summary>The mean, null with no values (pandas' min_periods=1).</summary>
    public readonly double Average => N > 0 ? Mean : double.NaN;

    /// <summary>Sample standard deviation (ddof 1), null under two values.</summary>
    public readonly double Std => N >= 2 ? Math.Sqrt(M2 / (N - 1)) : double.NaN;
}

/// <summary>Count, means and centred co-moments of the pairs whose two values are both non-null.</summary>
internal struct Comoments
{
    public double N, MeanX, MeanY, Cxx, Cyy, Cxy;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Comoments Of(double x, double y) =>
        double.IsNaN(x) || double.IsNaN(y) ? default : new Comoments { N = 1, MeanX = x, MeanY = y };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Comoments Merge(in Comoments a, in Comoments b)
    {
        if (a.N == 0) return b;
        if (b.N == 0) return a;
        var n = a.N + b.N;
        var share = b.N / n;
        var dx = b.MeanX - a.MeanX;
        var dy = b.MeanY - a.MeanY;
        var weight = a.N * share;
        return new Comoments
        {
            N = n,
            MeanX = a.MeanX + dx * share,
            MeanY = a.MeanY + dy * share,
            Cxx = a.Cxx + b.Cxx + dx * dx * weight,
            Cyy = a.Cyy + b.Cyy + dy * dy * weight,
            Cxy = a.Cxy + b.Cxy + dx * dy * weight,
        };
    }

    /// <summary>Pearson correlation of the pairs, null under two pairs or with a constant side.</summary>
    public readonly double Correlation => N >= 2 ? Cxy / Math.Sqrt(Cxx * Cyy) : double.NaN;

    /// <summary>Least-squares slope of y on x.</summary>
    public readonly double Slope => Cxy / Cxx;

    /// <summary>Sample standard deviation of y (ddof 1), null under two values.</summary>
    public readonly double StdY => N >= 2 ? Math.Sqrt(Cyy / (N - 1)) : double.NaN;
}

/// <summary>Plain sums over a window: indicator counts and the non-negative move sums of SUMP/VSUMP and kin.</summary>
internal struct MoveSums
{
    /// <summary>Bars in the window, and how many of them had close above / below the previous close.</summary>
    public double Bars, Up, Down;
    /// <summary>Bars with a close move, and Σmax(Δclose, 0), Σmax(-Δclose, 0), Σ|Δclose| over them.</summary>
    public double CloseMoves, Gain, Loss, AbsMove;
    /// <summary>The same for the volume.</summary>
    public double VolumeMoves, VolumeGain, VolumeLoss, VolumeAbsMove;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MoveSums Merge(in MoveSums a, in MoveSums b) => new()
    {
        Bars = a.Bars + b.Bars,
        Up = a.Up + b.Up,
        Down = a.Down + b.Down,
        CloseMoves = a.CloseMoves + b.CloseMoves,
        Gain = a.Gain + b.Gain,
        Loss = a.Loss + b.Loss,
        AbsMove = a.AbsMove + b.AbsMove,
        VolumeMoves = a.VolumeMoves + b.VolumeMoves,
        VolumeGain = a.VolumeGain + b.VolumeGain,
        VolumeLoss = a.VolumeLoss + b.VolumeLoss,
        VolumeAbsMove = a.VolumeAbsMove + b.VolumeAbsMove,
    };
}

/// <summary>Everything the rolling operators of one window need besides order statistics and extremes.</summary>
internal struct WindowAggregate
{
    /// <summary>x = bar position, y = close: MA, STD, BETA, RSQR, RESI.</summary>
    public Comoments PositionClose;
    /// <summary>x = close, y = Log($volume+1): CORR; <see cref="LogVolume"/> is y alone for its std guard.</summary>
    public Comoments CloseLogVolume;
    public Moments LogVolume;
    /// <summary>x = $close/Ref($close,1), y = Log($volume/Ref($volume,1)+1): CORD, and each side alone for the guard.</summary>
    public Comoments ReturnVolumeRatio;
    public Moments Return, LogVolumeRatio;
    public Moments Volume;
    /// <summary>Abs($close/Ref($close,1)-1)*$volume: WVMA.</summary>
    public Moments WeightedMove;
    public MoveSums Sums;

    public static WindowAggregate Of(long position, in BarInput b)
    {
        var closeMove = double.IsNaN(b.Gain) ? 0 : 1;
        var volumeMove = double.IsNaN(b.VolumeGain) ? 0 : 1;
        return new WindowAggregate
        {
            PositionClose = Comoments.Of(position, b.Close),
            CloseLogVolume = Comoments.Of(b.Close, b.LogVolume),
            LogVolume = Moments.Of(b.LogVolume),
            ReturnVolumeRatio = Comoments.Of(b.Return, b.LogVolumeRatio),
            Return = Moments.Of(b.Return),
            LogVolumeRatio = Moments.Of(b.LogVolumeRatio),
            Volume = Moments.Of(b.Volume),
            WeightedMove = Moments.Of(b.WeightedMove),
            Sums = new MoveSums
            {
                Bars = 1,
                Up = b.Up,
                Down = b.Down,
                CloseMoves = closeMove,
                Gain = closeMove == 1 ? b.Gain : 0,
                Loss = closeMove == 1 ? b.Loss : 0,
                AbsMove = closeMove == 1 ? b.AbsMove : 0,
                VolumeMoves = volumeMove,
                VolumeGain = volumeMove == 1 ? b.VolumeGain : 0,
                VolumeLoss = volumeMove == 1 ? b.VolumeLoss : 0,
                VolumeAbsMove = volumeMove == 1 ? b.VolumeAbsMove : 0,
            },
        };
    }

    public static WindowAggregate Merge(in WindowAggregate a, in WindowAggregate b) => new()
    {
        PositionClose = Comoments.Merge(a.PositionClose, b.PositionClose),
        CloseLogVolume = Comoments.Merge(a.CloseLogVolume, b.CloseLogVolume),
        LogVolume = Moments.Merge(a.LogVolume, b.LogVolume),
        ReturnVolumeRatio = Comoments.Merge(a.ReturnVolumeRatio, b.ReturnVolumeRatio),
        Return = Moments.Merge(a.Return, b.Return),
        LogVolumeRatio = Moments.Merge(a.LogVolumeRatio, b.LogVolumeRatio),
        Volume = Moments.Merge(a.Volume, b.Volume),
        WeightedMove = Moments.Merge(a.WeightedMove, b.WeightedMove),
        Sums = MoveSums.Merge(a.Sums, b.Sums),
    };
}

/// <summary>
/// The aggregate of the last <c>d</c> bars, kept without ever subtracting a bar that leaves (the "two stacks" sliding
/// window): bars since the last flip are merged into <c>_back</c> one by one; the bars before it are held as suffix
/// aggregates <c>_front[k]</c> (bars f-d+k .. f-1), so the window is <c>_front[t-f+1] ⊕ _back</c>. When the back holds
/// d bars it becomes the new front (O(d) every d bars: O(1) per bar), so every sum is a fresh sum of at most 2d
/// terms, as exact as summing the window directly.
/// </summary>
internal sealed class SlidingAggregate(int window)
{
    private readonly WindowAggregate[] _front = new WindowAggregate[window + 1];
    private WindowAggregate _back;
    private long _flip;

    /// <summary>Adds bar <paramref name="t"/> and returns the aggregate of bars t-d+1 .. t.</summary>
    public WindowAggregate Push(long t, in WindowAggregate bar, BarHistory history)
    {
        _back = WindowAggregate.Merge(_back, bar);
        var inBack = (int)(t - _flip + 1);
        if (inBack < window) return WindowAggregate.Merge(_front[inBack], _back);
        var result = _back;
        // Flip: bars t-d+1 .. t become the front, merged from the newest back to the oldest.
        _front[window] = default;
        for (var k = window - 1; k >= 0; k--)
        {
            var position = t - window + 1 + k;
            _front[k] = WindowAggregate.Merge(WindowAggregate.Of(position, history[position]), _front[k + 1]);
        }
        _back = default;
        _flip = t + 1;
        return result;
    }
}
