using Features.PluginSdk;

namespace Features.Plugins.Statistical.Common;

/// <summary>A window kernel with one output: a calculator over the window (its closure is built once per kernel).</summary>
internal sealed class ScalarWindowKernel : WindowKernel
{
    private readonly OutputHandle _output;
    private readonly Func<ReadOnlySpan<double>, double> _calculator;

    /// <summary>A float64 column.</summary>
    public ScalarWindowKernel(FloatOutput output, InputKind input, int window, Func<ReadOnlySpan<double>, double> calculator)
        : this((OutputHandle)output, input, window, calculator)
    {
    }

    /// <summary>An int32 column: the calculator returns a count.</summary>
    public ScalarWindowKernel(IntOutput output, InputKind input, int window, Func<ReadOnlySpan<double>, double> calculator)
        : this((OutputHandle)output, input, window, calculator)
    {
    }

    private ScalarWindowKernel(OutputHandle output, InputKind input, int window, Func<ReadOnlySpan<double>, double> calculator)
        : base(output.List, input, window)
    {
        _output = output;
        _calculator = calculator;
    }

    protected override void Evaluate(ReadOnlySpan<double> window, in WindowRow row) => row.Set(_output, _calculator(window));
}
