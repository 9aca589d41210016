namespace Features.Host.TrainingSets;

/// <summary>Computes a label and its span for each row bar of one symbol (docs/TRAINING_SETS.md, "Labels").</summary>
public static class Labeler
{
    public static LabelColumn Compute(LabelSpec spec, LabelBars bars) => spec switch
    {
        ForwardReturnLabel f => ForwardReturn(f, bars),
        TripleBarrierLabel t => TripleBarrier(t, bars),
        FeatureLabel f => Feature(f, bars),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec, "unknown label kind"),
    };

    private static LabelColumn ForwardReturn(ForwardReturnLabel spec, LabelBars bars)
    {
        var price = Price(spec.Price, bars);
        var labels = new LabelColumn(bars.RowCount);
        for (var r = 0; r < bars.RowCount; r++)
        {
            var entry = bars.FirstRow + r + spec.Offset;
            var exit = entry + spec.Horizon;
            var start = entry < bars.Length ? bars.Timestamps[entry] : LabelColumn.NoStamp;
            if (exit >= bars.Length)
            {
                labels.SetIncomplete(r, start);
                continue;
            }
            var ratio = price[exit] / price[entry];
            labels.Set(r, spec.Log ? Math.Log(ratio) : ratio - 1, start, bars.Timestamps[exit]);
        }
        return labels;
    }

    private static LabelColumn TripleBarrier(TripleBarrierLabel spec, LabelBars bars)
    {
        var close = bars.Close;
        var labels = new LabelColumn(bars.RowCount);
        for (var r = 0; r < bars.RowCount; r++)
        {
            var i = bars.FirstRow + r;
            var sigma = ReturnStdDev(close, i, spec.VolatilityWindow);
            if (double.IsNaN(sigma))
            {
                // Not enough history for σ: a null label, but a complete one (more data later would not change it).
                labels.Set(r, double.NaN, bars.Timestamps[i], bars.Timestamps[i]);
                continue;
            }
            var upper = spec.Upper is { } u && u > 0 ? close[i] * (1 + u * sigma) : double.PositiveInfinity;
            var lower = spec.Lower is { } l && l > 0 ? close[i] * (1 - l * sigma) : double.NegativeInfinity;
            var vertical = i + spec.MaxBars;
            var touched = false;
            for (var j = i + 1; j <= vertical && j < bars.Length; j++)
            {
                if (close[j] >= upper) { labels.Set(r, 1, bars.Timestamps[i], bars.Timestamps[j]); touched = true; break; }
                if (close[j] <= lower) { labels.Set(r, -1, bars.Timestamps[i], bars.Timestamps[j]); touched = true; break; }
            }
            if (touched) continue;
            if (vertical < bars.Length) labels.Set(r, 0, bars.Timestamps[i], bars.Timestamps[vertical]);
            else labels.SetIncomplete(r, bars.Timestamps[i]);
        }
        return labels;
    }

    private static LabelColumn Feature(FeatureLabel spec, LabelBars bars)
    {
        var values = bars.FeatureValues ?? throw new InvalidOperationException("a feature label needs the feature joined onto the label bars");
        var ahead = -spec.Shift;
        var labels = new LabelColumn(bars.RowCount);
        for (var r = 0; r < bars.RowCount; r++)
        {
            var i = bars.FirstRow + r;
            var start = i + 1 < bars.Length ? bars.Timestamps[i + 1] : LabelColumn.NoStamp;
            if (i + ahead >= bars.Length) labels.SetIncomplete(r, start);
            else labels.Set(r, values[i + ahead], start, bars.Timestamps[i + ahead]);
        }
        return labels;
    }

    /// <summary>Sample (n − 1) standard deviation of the <paramref name="window"/> simple returns ending at bar <paramref name="end"/>; NaN without that history.</summary>
    public static double ReturnStdDev(double[] close, int end, int window)
    {
        if (window < 2 || end - window < 0) return double.NaN;
        double sum = 0, sumSquares = 0;
        for (var j = end - window + 1; j <= end; j++)
        {
            var ret = close[j] / close[j - 1] - 1;
            sum += ret;
            sumSquares += ret * ret;
        }
        var mean = sum / window;
        return Math.Sqrt(Math.Max(0, (sumSquares - window * mean * mean) / (window - 1)));
    }

    private static double[] Price(LabelPrice price, LabelBars bars) => price switch
    {
        LabelPrice.Open => bars.Open,
        LabelPrice.Close => bars.Close,
        _ => TypicalPrice(bars),
    };

    private static double[] TypicalPrice(LabelBars bars)
    {
        var typical = new double[bars.Length];
        for (var i = 0; i < typical.Length; i++) typical[i] = (bars.High[i] + bars.Low[i] + bars.Close[i]) / 3;
        return typical;
    }
}
