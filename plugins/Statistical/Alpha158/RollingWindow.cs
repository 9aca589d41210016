namespace Features.Plugins.Statistical.Alpha158;

/// <summary>
/// The 29 rolling operators of one window d, from state shared by all of them: one <see cref="SlidingAggregate"/>
/// (sums, moments, co-moments, regression sums), two monotone deques (Max/IdxMax of the high, Min/IdxMin of the low)
/// and one sorted window of closes (Quantile, Rank). Every operator is pandas' <c>rolling(d, min_periods=1)</c>: the
/// first bars use the partial window of the bars so far, and nulls inside a window are skipped.
/// </summary>
internal sealed class RollingWindow(int window)
{
    /// <summary>Qlib's guard for Corr and Rsquare: np.isclose(rolling std, 0, atol=2e-5).</summary>
    private const double FlatStd = 2e-5;

    /// <summary>Qlib's denominator guard.</summary>
    private const double Eps = 1e-12;

    private readonly SlidingAggregate _aggregate = new(window);
    private readonly SlidingMaximum _high = new(window);
    private readonly SlidingMaximum _negatedLow = new(window);
    private readonly SortedWindow _closes = new(window);

    /// <summary>
    /// Computes bars <paramref name="first"/> .. first+count-1 (already in <paramref name="history"/>) into
    /// <paramref name="scratch"/>, operator-major: operator k of bar j at k·count + j.
    /// </summary>
    public void Compute(long first, int count, BarHistory history, double[] scratch)
    {
        for (var j = 0; j < count; j++)
        {
            var t = first + j;
            ref readonly var bar = ref history[t];
            var close = bar.Close;
            var a = _aggregate.Push(t, WindowAggregate.Of(t, bar), history);
            _high.Push(t, bar.High);
            _negatedLow.Push(t, -bar.Low);
            var leaving = t >= window ? history[t - window].Close : double.NaN;
            if (t >= window) _closes.Remove(leaving);
            _closes.Add(close);

            var row = new Row(scratch, j, count);
            var start = t - (long)a.Sums.Bars + 1;
            var regression = a.PositionClose;
            var closeStd = regression.StdY;
            var slope = regression.N >= 2 ? regression.Slope : double.NaN;
            var max = _high.Value;
            var min = -_negatedLow.Value;
            double idxMax = _high.IsEmpty ? double.NaN : _high.Bar - start + 1;
            double idxMin = _negatedLow.IsEmpty ? double.NaN : _negatedLow.Bar - start + 1;

            row.Set(RollingOperator.Roc, leaving / close);
            row.Set(RollingOperator.Ma, (regression.N > 0 ? regression.MeanY : double.NaN) / close);
            row.Set(RollingOperator.Std, closeStd / close);
            row.Set(RollingOperator.Beta, slope / close);
            row.Set(RollingOperator.Rsqr, Guarded(closeStd, closeStd, regression.Cxy * regression.Cxy / (regression.Cxx * regression.Cyy)));
            row.Set(RollingOperator.Resi, (close - (regression.MeanY + slope * (t - regression.MeanX))) / close);
            row.Set(RollingOperator.Max, max / close);
            row.Set(RollingOperator.Min, min / close);
            row.Set(RollingOperator.Qtlu, _closes.Quantile(0.8) / close);
            row.Set(RollingOperator.Qtld, _closes.Quantile(0.2) / close);
            row.Set(RollingOperator.Rank, _closes.PercentRank(close));
            row.Set(RollingOperator.Rsv, (close - min) / (max - min + Eps));
            row.Set(RollingOperator.Imax, idxMax / window);
            row.Set(RollingOperator.Imin, idxMin / window);
            row.Set(RollingOperator.Imxd, (idxMax - idxMin) / window);
            row.Set(RollingOperator.Corr, Guarded(closeStd, a.LogVolume.Std, a.CloseLogVolume.Correlation));
            row.Set(RollingOperator.Cord, Guarded(a.Return.Std, a.LogVolumeRatio.Std, a.ReturnVolumeRatio.Correlation));

            var s = a.Sums;
            var up = s.Up / s.Bars;
            var down = s.Down / s.Bars;
            row.Set(RollingOperator.Cntp, up);
            row.Set(RollingOperator.Cntn, down);
            row.Set(RollingOperator.Cntd, up - down);
            // Sum over no non-null value is null (min_periods=1), so the first bar has no SUMP.
            var closeMoves = s.CloseMoves > 0 ? 1.0 : double.NaN;
            row.Set(RollingOperator.Sump, closeMoves * s.Gain / (s.AbsMove + Eps));
            row.Set(RollingOperator.Sumn, closeMoves * s.Loss / (s.AbsMove + Eps));
            row.Set(RollingOperator.Sumd, closeMoves * (s.Gain - s.Loss) / (s.AbsMove + Eps));
            row.Set(RollingOperator.Vma, a.Volume.Average / (bar.Volume + Eps));
            row.Set(RollingOperator.Vstd, a.Volume.Std / (bar.Volume + Eps));
            row.Set(RollingOperator.Wvma, a.WeightedMove.Std / (a.WeightedMove.Average + Eps));
            var volumeMoves = s.VolumeMoves > 0 ? 1.0 : double.NaN;
            row.Set(RollingOperator.Vsump, volumeMoves * s.VolumeGain / (s.VolumeAbsMove + Eps));
            row.Set(RollingOperator.Vsumn, volumeMoves * s.VolumeLoss / (s.VolumeAbsMove + Eps));
            row.Set(RollingOperator.Vsumd, volumeMoves * (s.VolumeGain - s.VolumeLoss) / (s.VolumeAbsMove + Eps));
        }
    }

    /// <summary>Null where either rolling std is within 2e-5 of zero (Qlib masks Corr and Rsquare so).</summary>
    private static double Guarded(double stdX, double stdY, double value) =>
        Math.Abs(stdX) <= FlatStd || Math.Abs(stdY) <= FlatStd ? double.NaN : value;

    /// <summary>One bar's slots in the operator-major scratch; infinities become null.</summary>
    private readonly struct Row(double[] scratch, int bar, int stride)
    {
        public void Set(RollingOperator op, double value) => scratch[(int)op * stride + bar] = BarInput.Finite(value);
    }
}
