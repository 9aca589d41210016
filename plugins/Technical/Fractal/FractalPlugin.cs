using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Fractal;

/// <summary>Williams Fractal (reads `span` later bars).</summary>
public sealed class FractalPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("fractal_bear", "The bar's high (or close) when it is a bearish (up) fractal, else null."),
        OutputColumn.Float("fractal_bull", "The bar's low (or close) when it is a bullish (down) fractal, else null."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.fractal",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Williams Fractal: bar t is bearish when its high is strictly above the highs of the `span` bars before and " +
                      "after it, bullish when its low is strictly below their lows (end_type close compares closes instead). " +
                      "Sparse: null on every other bar, on the first `span` bars and on the last `span` bars of a series.",
        Parameters =
        [
            ParameterSpec.Integer("span", 2, 1, 100, "Bars on each side of the centre bar."),
            ParameterSpec.Choice("end_type", "high_low", ["high_low", "close"], "Compare highs/lows (high_low) or closes (close)."),
        ],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "span bars (sparse output)",
        LookAheadRule = "span bars: a fractal at bar t is confirmed by bars t+1..t+span",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("span");

    public int LookAheadBars(ParameterValues parameters) => parameters.GetInt32("span");

    public IFeatureKernel CreateKernel(KernelContext context) =>
        new FractalKernel(context.Parameters.GetInt32("span"), context.Parameters.GetString("end_type") == "close");

    private sealed class FractalKernel(int span, bool useClose) : DeferredKernel(Outputs)
    {
        private readonly FractalWindow _window = new(span, span);
        private readonly PendingRows _rows = new(2, span + 1);

        protected override void Consume(in BarSpans bars)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                _rows.Add();
                var evaluated = useClose ? _window.Add(bars.Close[i], bars.Close[i]) : _window.Add(bars.High[i], bars.Low[i]);
                if (!evaluated) continue;
                var centre = _window.Centre;
                _rows[centre, 0] = _window.Bear;
                _rows[centre, 1] = _window.Bull;
                while (_rows.First <= centre) Release();
            }
        }

        protected override void Finish()
        {
            while (_rows.Count > 0) Release();
        }

        private void Release()
        {
            Emit(_rows.Oldest);
            _rows.RemoveOldest();
        }
    }
}
