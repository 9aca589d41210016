using System.Numerics;
using System.Runtime.CompilerServices;

namespace Features.Plugins.Statistical.Alpha158;

/// <summary>
/// One bar and the per-bar series Qlib's rolling operators aggregate, each computed once and shared by every window.
/// A non-finite intermediate (±∞ from a zero previous close or volume) counts as null, as NaN does: pandas would carry
/// the infinity through its running sums; a null keeps the window usable and the output finite.
/// </summary>
internal struct BarInput
{
    public double Close, High, Low, Volume;
    /// <summary>$close/Ref($close,1).</summary>
    public double Return;
    /// <summary>Log($volume+1).</summary>
    public double LogVolume;
    /// <summary>Log($volume/Ref($volume,1)+1).</summary>
    public double LogVolumeRatio;
    /// <summary>Abs($close/Ref($close,1)-1)*$volume.</summary>
    public double WeightedMove;
    /// <summary>$close&gt;Ref($close,1) and $close&lt;Ref($close,1) as 1 or 0 (a comparison with null is false).</summary>
    public double Up, Down;
    /// <summary>Greater($close-Ref($close,1), 0), Greater(Ref($close,1)-$close, 0), Abs($close-Ref($close,1)); null at the first bar.</summary>
    public double Gain, Loss, AbsMove;
    /// <summary>The same three for the volume.</summary>
    public double VolumeGain, VolumeLoss, VolumeAbsMove;

    public static BarInput From(double close, double high, double low, double volume, double previousClose, double previousVolume)
    {
        var move = close - previousClose;
        var volumeMove = volume - previousVolume;
        var ratio = close / previousClose;
        return new BarInput
        {
            Close = Finite(close),
            High = Finite(high),
            Low = Finite(low),
            Volume = Finite(volume),
            Return = Finite(ratio),
            LogVolume = Finite(Math.Log(volume + 1)),
            LogVolumeRatio = Finite(Math.Log(volume / previousVolume + 1)),
            WeightedMove = Finite(Math.Abs(ratio - 1) * volume),
            Up = close > previousClose ? 1 : 0,
            Down = close < previousClose ? 1 : 0,
            Gain = Finite(Greater(move, 0)),
            Loss = Finite(Greater(-move, 0)),
            AbsMove = Finite(Math.Abs(move)),
            VolumeGain = Finite(Greater(volumeMove, 0)),
            VolumeLoss = Finite(Greater(-volumeMove, 0)),
            VolumeAbsMove = Finite(Math.Abs(volumeMove)),
        };
    }

    /// <summary>Qlib's Greater (np.maximum): null when either side is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Greater(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b);

    /// <summary>Qlib's Less (np.minimum): null when either side is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Less(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Min(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Finite(double v) => double.IsFinite(v) ? v : double.NaN;
}

/// <summary>The last bars' <see cref="BarInput"/>s by absolute bar number, in a power-of-two ring.</summary>
internal sealed class BarHistory(int capacity)
{
    private readonly BarInput[] _bars = new BarInput[BitOperations.RoundUpToPowerOf2((uint)capacity)];

    public ref BarInput this[long t]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _bars[(int)(t & (_bars.Length - 1))];
    }
}
