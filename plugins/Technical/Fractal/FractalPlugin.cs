using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Fractal;

/// <summary>The prices a fractal compares (the <c>end_type</c> parameter).</summary>
public enum FractalEnd
{
    HighLow,
    Close,
}

/// <summary>The parameters of <see cref="FractalPlugin"/>.</summary>
public sealed class FractalParameters
{
    [Parameter("Bars on each side of the centre bar.", Minimum = 1, Maximum = 100)]
    public int Span { get; init; } = 2;

    [Parameter("Compare highs/lows (high_low) or closes (close).")]
    public FractalEnd EndType { get; init; } = FractalEnd.HighLow;
}

/// <summary>Williams Fractal (reads `span` later bars).</summary>
public sealed class FractalPlugin() : FeaturePlugin<FractalParameters>(TechnicalPack.Describe("technical.fractal", Outputs, ["high", "low", "close"],
    warmup: "span bars (sparse output)",
    lookAhead: "span bars: a fractal at bar t is confirmed by bars t+1..t+span",
    description: "Williams Fractal: bar t is bearish when its high is strictly above the highs of the `span` bars before and " +
                 "after it, bullish when its low is strictly below their lows (end_type close compares closes instead). " +
                 "Sparse: null on every other bar, on the first `span` bars and on the last `span` bars of a series."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput FractalBear = Outputs.Float("fractal_bear", "The bar's high (or close) when it is a bearish (up) fractal, else null.", OutputUnit.Price);
    private static readonly FloatOutput FractalBull = Outputs.Float("fractal_bull", "The bar's low (or close) when it is a bullish (down) fractal, else null.", OutputUnit.Price);

    protected override int WarmupBars(FractalParameters p) => p.Span;

    protected override int LookAheadBars(FractalParameters p) => p.Span;

    protected override IFeatureKernel CreateKernel(FractalParameters p, KernelContext context) =>
        new FractalKernel(p.Span, p.EndType == FractalEnd.Close);

    private sealed class FractalKernel(int span, bool useClose) : DeferredFeatureKernel(Outputs)
    {
        private readonly FractalWindow _window = new(span, span);
        private readonly PendingRows _rows = new(Outputs, span + 1);

        protected override void Consume(in BarSpans bars)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                _rows.Add();
                var evaluated = useClose ? _window.Add(bars.Close[i], bars.Close[i]) : _window.Add(bars.High[i], bars.Low[i]);
                if (!evaluated) continue;
                var centre = _window.Centre;
                _rows[centre, FractalBear] = _window.Bear;
                _rows[centre, FractalBull] = _window.Bull;
                while (_rows.First <= centre) Release();
            }
        }

        protected override void Finish()
        {
            while (_rows.Count > 0) Release();
        }

        private void Release()
        {
            Emit(_rows.OldestOutputs);
            _rows.RemoveOldest();
        }
    }
}
