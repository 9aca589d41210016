using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Fcb;

/// <summary>The parameters of <see cref="FcbPlugin"/>.</summary>
public sealed class FcbParameters
{
    [Parameter("Bars on each side of a fractal's centre bar.", Minimum = 1, Maximum = 100)]
    public int Span { get; init; } = 2;
}

/// <summary>Fractal Chaos Bands.</summary>
public sealed class FcbPlugin() : FeaturePlugin<FcbParameters>(TechnicalPack.Describe("technical.fcb", Outputs, ["high", "low"],
    warmup: "data-dependent: at least 2*span bars, then until the first fractal of each kind is confirmed; 5*span declared as a heuristic",
    description: "Fractal Chaos Bands: a bar is a bearish fractal when its high is strictly above the highs of the `span` bars on " +
                 "each side, a bullish fractal when its low is strictly below their lows. A fractal is confirmed `span` bars " +
                 "later; the upper (lower) band holds the high (low) of the latest confirmed bearish (bullish) fractal and is " +
                 "null until the first one. Never reads a later bar."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput UpperBand = Outputs.Float("upper_band", "High of the most recent confirmed bearish (up) fractal.", OutputUnit.Price);
    private static readonly FloatOutput LowerBand = Outputs.Float("lower_band", "Low of the most recent confirmed bullish (down) fractal.", OutputUnit.Price);

    // Confirmation of the first fractals has no fixed bound; 5*span is a heuristic.
    protected override int WarmupBars(FcbParameters p) => 5 * p.Span;

    protected override IFeatureKernel CreateKernel(FcbParameters p, KernelContext context) => new FcbKernel(p.Span);

    private sealed class FcbKernel(int span) : FeatureKernel(Outputs)
    {
        private readonly FractalWindow _window = new(span, span);
        private double _upper = double.NaN;
        private double _lower = double.NaN;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            Span<double> upper = outputs[UpperBand], lower = outputs[LowerBand];
            for (var i = 0; i < bars.Length; i++)
            {
                if (_window.Add(bars.High[i], bars.Low[i]))
                {
                    if (!double.IsNaN(_window.Bear)) _upper = _window.Bear;
                    if (!double.IsNaN(_window.Bull)) _lower = _window.Bull;
                }
                upper[i] = _upper;
                lower[i] = _lower;
            }
        }
    }
}
