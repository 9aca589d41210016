using Features.PluginSdk;

namespace Features.Plugins.Statistical.Common;

/// <summary>
/// A kernel that evaluates a calculator over the last <c>window</c> input values at every bar. The
/// window is a slice of the contiguous input history (<see cref="WindowHistory"/>), oldest first, and the
/// calculator recomputes over it: O(window) per bar (O(window²) for the entropies), exact rather than drifting.
/// </summary>
internal abstract class WindowKernel : BarKernel
{
    private readonly WindowHistory _history;
    private readonly double[] _row;
    private readonly int _window;
    private InputReader _input;

    protected WindowKernel(IReadOnlyList<OutputColumn> outputs, InputKind input, int window) : base(outputs)
    {
        _history = new WindowHistory(window);
        _window = window;
        _row = new double[outputs.Count];
        _input = new InputReader(input);
    }

    /// <summary>Writes one value per output column for a full, null-free window (oldest first).</summary>
    protected abstract void Evaluate(ReadOnlySpan<double> window, Span<double> row);

    protected sealed override void Compute(in BarSpans bars, double[][] outputs)
    {
        for (var done = 0; done < bars.Length;)
        {
            // Every input of the piece first, then the windows over them.
            var inputs = _history.Append(Math.Min(bars.Length - done, WindowHistory.MaxAppend));
            _input.Read(bars, done, inputs);
            var windows = _history.Take();
            for (var k = 0; k < inputs.Length; k++)
            {
                var i = done + k;
                if (windows.Usable[k])
                {
                    Evaluate(windows.Values.Slice(windows.FirstStart + k, _window), _row);
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
            done += inputs.Length;
        }
    }
}
