namespace Features.Plugins.Statistical.Common;

/// <summary>
/// scipy's linregress of the window against the index 0..n-1 (tsfresh's linear_trend), with mean
/// cross-products: slope = S_ty/S_tt, intercept = ȳ - slope·t̄ (the fit at the window's first bar),
/// rvalue = S_ty/√(S_tt·S_yy) clipped to [-1, 1], stderr = √((1-r²)·S_yy/S_tt/(n-2)).
/// </summary>
internal static class LeastSquaresTrend
{
    public static (double Slope, double Intercept, double RValue, double StdErr) Fit(ReadOnlySpan<double> y)
    {
        var n = y.Length;
        if (n < 2) return (double.NaN, double.NaN, double.NaN, double.NaN);
        var tMean = (n - 1) / 2.0;
        var yMean = Moments.Mean(y);
        double stt = 0, sty = 0, syy = 0;
        for (var t = 0; t < n; t++)
        {
            var dt = t - tMean;
            var dy = y[t] - yMean;
            stt += dt * dt;
            sty += dt * dy;
            syy += dy * dy;
        }
        stt /= n;
        sty /= n;
        syy /= n;
        var slope = sty / stt;
        var intercept = yMean - slope * tMean;
        if (syy == 0) return (slope, intercept, double.NaN, double.NaN);
        var r = Math.Clamp(sty / Math.Sqrt(stt * syy), -1, 1);
        var stderr = n > 2 ? Math.Sqrt((1 - r * r) * syy / stt / (n - 2)) : double.NaN;
        return (slope, intercept, r, stderr);
    }
}
