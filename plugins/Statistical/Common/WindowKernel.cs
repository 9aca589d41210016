using System.Diagnostics;
using System.Runtime.CompilerServices;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.Common;

/// <summary>
/// A kernel that evaluates a calculator over the last <c>window</c> input values at every bar. The
/// window is a slice of the contiguous input history (<see cref="WindowHistory"/>), oldest first, and the
/// calculator recomputes over it: O(window) per bar (O(window²) for the entropies), exact rather than drifting.
/// A subclass writes each bar's values by handle (<see cref="WindowRow.Set"/>), never by column number.
/// </summary>
internal abstract class WindowKernel : BarKernel
{
    private readonly OutputList _outputs;
    private readonly WindowHistory _history;
    private readonly double[] _row;
    private readonly int _window;
    private InputReader _input;

    protected WindowKernel(OutputList outputs, InputKind input, int window) : base(outputs.Columns)
    {
        _outputs = outputs;
        _history = new WindowHistory(window);
        _window = window;
        _row = new double[outputs.Count];
        _input = new InputReader(input);
    }

    /// <summary>
    /// Writes the values of a full, null-free window (oldest first) into <paramref name="row"/>. The row keeps the
    /// previous window's values until written (call <see cref="WindowRow.SetAllNull"/> first to leave some null).
    /// </summary>
    protected abstract void Evaluate(ReadOnlySpan<double> window, in WindowRow row);

    protected sealed override void Compute(in BarSpans bars, double[][] outputs)
    {
        var row = new WindowRow(_outputs, _row);
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
                    Evaluate(windows.Values.Slice(windows.FirstStart + k, _window), row);
                }
                else
                {
                    row.SetAllNull();
                }
                // The row is in handle declaration order, which is the column order.
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

/// <summary>One bar's values of a <see cref="WindowKernel"/>, written by handle.</summary>
internal readonly ref struct WindowRow
{
    private readonly OutputList _outputs;
    private readonly Span<double> _values;

    public WindowRow(OutputList outputs, Span<double> values)
    {
        _outputs = outputs;
        _values = values;
    }

    /// <summary>Sets a float64 column, or an int32 column to a count (NaN for null).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set(OutputHandle output, double value)
    {
        // Once per output per bar, so checked in debug builds only: every caller is this pack's own kernel writing
        // its own static handles, which the pack's descriptor and conformance tests run in Debug.
        Debug.Assert(ReferenceEquals(output.List, _outputs), $"output '{output.Name}' belongs to another kernel's output list");
        _values[output.Index] = value;
    }

    /// <summary>Makes every column null.</summary>
    public void SetAllNull() => _values.Fill(double.NaN);
}
