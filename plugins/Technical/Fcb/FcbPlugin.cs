using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Fcb;

/// <summary>Fractal Chaos Bands.</summary>
public sealed class FcbPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("upper_band", "High of the most recent confirmed bearish (up) fractal."),
        OutputColumn.Float("lower_band", "Low of the most recent confirmed bullish (down) fractal."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.fcb",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Fractal Chaos Bands: a bar is a bearish fractal when its high is strictly above the highs of the `span` bars on " +
                      "each side, a bullish fractal when its low is strictly below their lows. A fractal is confirmed `span` bars " +
                      "later; the upper (lower) band holds the high (low) of the latest confirmed bearish (bullish) fractal and is " +
                      "null until the first one. Never reads a later bar.",
        Parameters = [ParameterSpec.Integer("span", 2, 1, 100, "Bars on each side of a fractal's centre bar.")],
        Outputs = Outputs,
        InputColumns = ["high", "low"],
        WarmupRule = "data-dependent: at least 2*span bars, then until the first fractal of each kind is confirmed; 5*span declared as a heuristic",
    };

    // Confirmation of the first fractals has no fixed bound; 5*span is a heuristic.
    public int WarmupBars(ParameterValues parameters) => 5 * parameters.GetInt32("span");

    public IFeatureKernel CreateKernel(KernelContext context) => new FcbKernel(context.Parameters.GetInt32("span"));

    private sealed class FcbKernel(int span) : BarKernel(Outputs)
    {
        private readonly FractalWindow _window = new(span, span);
        private double _upper = double.NaN;
        private double _lower = double.NaN;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                if (_window.Add(bars.High[i], bars.Low[i]))
                {
                    if (!double.IsNaN(_window.Bear)) _upper = _window.Bear;
                    if (!double.IsNaN(_window.Bull)) _lower = _window.Bull;
                }
                outputs[0][i] = _upper;
                outputs[1][i] = _lower;
            }
        }
    }
}
