using Features.PluginSdk;

namespace Features.Plugins.Statistical.Common;

/// <summary>
/// A kernel that evaluates a calculator over the last <c>window</c> input values at every bar. The
/// window is copied oldest-first into a scratch buffer allocated once, and the calculator recomputes
/// over it: O(window) per bar (O(window²) for the entropies), exact rather than drifting.
/// </summary>
internal abstract class WindowKernel : BarKernel
{
    private readonly RingWindow _ring;
    private readonly double[] _scratch;
    private readonly double[] _row;
    private InputReader _input;

    protected WindowKernel(IReadOnlyList<OutputColumn> outputs, InputKind input, int window) : base(outputs)
    {
        _ring = new RingWindow(window);
        _scratch = new double[window];
        _row = new double[outputs.Count];
        _input = new InputReader(input);
    }

    /// <summary>Writes one value per output column for a full, null-free window (oldest first).</summary>
    protected abstract void Evaluate(ReadOnlySpan<double> window, Span<double> row);

    protected sealed override void Compute(in BarSpans bars, double[][] outputs)
    {
        for (var i = 0; i < bars.Length; i++)
        {
            _ring.Add(_input.Next(bars, i));
            if (_ring.IsReady)
            {
                _ring.CopyTo(_scratch);
                Evaluate(_scratch, _row);
            }
            else
            {
                _row.AsSpan().Fill(double.NaN);
            }
            for (var c = 0; c < outputs.Length; c++)
            {
                // Infinity is never emitted: a degenerate statistic is null.
                var v = _row[c];
                outputs[c][i] = double.IsFinite(v) ? v : double.NaN;
            }
        }
    }
}
