using Features.PluginSdk;

namespace Features.Plugins.Statistical.Common;

/// <summary>A window kernel with one output: a calculator over the window (its closure is built once per kernel).</summary>
internal sealed class ScalarWindowKernel(IReadOnlyList<OutputColumn> outputs, InputKind input, int window, Func<ReadOnlySpan<double>, double> calculator)
    : WindowKernel(outputs, input, window)
{
    protected override void Evaluate(ReadOnlySpan<double> window, Span<double> row) => row[0] = calculator(window);
}
