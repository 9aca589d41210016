using Features.PluginSdk;

namespace Features.Plugins.Statistical.Alpha158;

/// <summary>
/// One pass over the bars for every Alpha158 column. Bars are taken in chunks: each chunk's per-bar series
/// (<see cref="BarInput"/>) are computed once into the shared history, then the kbar and price columns, then each
/// window's 29 operators, written operator-major into a scratch block and copied column by column into the outputs.
/// Nothing is allocated per bar; the state (history, windows, previous close and volume) carries across batches.
/// </summary>
internal sealed class Alpha158Kernel : FeatureKernel
{
    private const int Chunk = 256;
    private const double Eps = 1e-12;

    private readonly Alpha158Layout _layout;
    private readonly VwapSource _vwap;
    private readonly BarHistory _history;
    private readonly RollingWindow[] _windows;
    private readonly double[] _scratch = new double[Math.Max(Alpha158Columns.RollingCount, 9) * Chunk];
    private long _next;
    private double _previousClose = double.NaN, _previousVolume = double.NaN;

    public Alpha158Kernel(Alpha158Layout layout, VwapSource vwap) : base(layout.List)
    {
        _layout = layout;
        _vwap = vwap;
        var rolling = layout.Rolling.GetLength(0) > 0;
        _windows = rolling ? [.. layout.Windows.Select(d => new RollingWindow(d))] : [];
        _history = new BarHistory((rolling ? layout.Windows.Max() : 0) + Chunk + 1);
    }

    protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
    {
        for (var done = 0; done < bars.Length; done += Chunk)
        {
            var count = Math.Min(Chunk, bars.Length - done);
            var chunk = bars.Slice(done, count);
            for (var j = 0; j < count; j++)
            {
                _history[_next + j] = BarInput.From(chunk.Close[j], chunk.High[j], chunk.Low[j], chunk.Volume[j], _previousClose, _previousVolume);
                _previousClose = chunk.Close[j];
                _previousVolume = chunk.Volume[j];
            }
            if (_layout.Kbar.Length > 0)
            {
                Kbar(chunk);
                CopyOut(_layout.Kbar, outputs, done, count);
            }
            if (_layout.Price.Length > 0)
            {
                Price(chunk);
                CopyOut(_layout.Price, outputs, done, count);
            }
            for (var w = 0; w < _windows.Length; w++)
            {
                _windows[w].Compute(_next, count, _history, _scratch);
                for (var op = 0; op < Alpha158Columns.RollingCount; op++)
                {
                    _scratch.AsSpan(op * count, count).CopyTo(outputs[_layout.Rolling[op, w]].Slice(done, count));
                }
            }
            _next += count;
        }
    }

    private void CopyOut(FloatOutput[] columns, in KernelOutputs outputs, int done, int count)
    {
        for (var c = 0; c < columns.Length; c++) _scratch.AsSpan(c * count, count).CopyTo(outputs[columns[c]].Slice(done, count));
    }

    private void Kbar(in BarSpans bars)
    {
        var n = bars.Length;
        var s = _scratch;
        for (var j = 0; j < n; j++)
        {
            double o = bars.Open[j], h = bars.High[j], l = bars.Low[j], c = bars.Close[j];
            var range = h - l + Eps;
            var upper = h - BarInput.Greater(o, c);
            var lower = BarInput.Less(o, c) - l;
            var shift = 2 * c - h - l;
            s[(int)KbarColumn.Kmid * n + j] = BarInput.Finite((c - o) / o);
            s[(int)KbarColumn.Klen * n + j] = BarInput.Finite((h - l) / o);
            s[(int)KbarColumn.Kmid2 * n + j] = BarInput.Finite((c - o) / range);
            s[(int)KbarColumn.Kup * n + j] = BarInput.Finite(upper / o);
            s[(int)KbarColumn.Kup2 * n + j] = BarInput.Finite(upper / range);
            s[(int)KbarColumn.Klow * n + j] = BarInput.Finite(lower / o);
            s[(int)KbarColumn.Klow2 * n + j] = BarInput.Finite(lower / range);
            s[(int)KbarColumn.Ksft * n + j] = BarInput.Finite(shift / o);
            s[(int)KbarColumn.Ksft2 * n + j] = BarInput.Finite(shift / range);
        }
    }

    private void Price(in BarSpans bars)
    {
        var n = bars.Length;
        var s = _scratch;
        for (var j = 0; j < n; j++)
        {
            double h = bars.High[j], l = bars.Low[j], c = bars.Close[j];
            var vwap = _vwap switch
            {
                VwapSource.TypicalPrice => (h + l + c) / 3,
                VwapSource.Close => c,
                _ => double.NaN,
            };
            s[(int)PriceColumn.Open0 * n + j] = BarInput.Finite(bars.Open[j] / c);
            s[(int)PriceColumn.High0 * n + j] = BarInput.Finite(h / c);
            s[(int)PriceColumn.Low0 * n + j] = BarInput.Finite(l / c);
            s[(int)PriceColumn.Vwap0 * n + j] = BarInput.Finite(vwap / c);
        }
    }
}
