using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.Cusum;

/// <summary>The parameters of <see cref="CusumPlugin"/>.</summary>
public sealed class CusumParameters
{
    [Input("the filter accumulates increments; log returns make h a relative move.")]
    public InputKind Input { get; init; } = InputKind.LogReturn;

    [Parameter("Threshold on the cumulative sums, in the units of the input (0.02 = 2% in log returns).", Minimum = 1e-12, Maximum = 1e12)]
    public double H { get; init; } = 0.02;
}

/// <summary>Symmetric CUSUM filter (López de Prado): flags bars where cumulative moves exceed a threshold.</summary>
public sealed class CusumPlugin() : FeaturePlugin<CusumParameters>(StatisticalPack.Describe("statistical.cusum", Outputs, InputSeries.Columns,
    warmup: "none for a bar-field input; 1 bar when input is `return` or `log_return`",
    description: "Symmetric CUSUM filter on the input increments y_t (AFML §2.5.2.1): S+ = max(0, S+ + y_t), S- = min(0, S- + y_t); " +
                 "if S- < -h the bar is a -1 event and S- resets to 0, else if S+ > h it is a +1 event and S+ resets to 0. The " +
                 "statistics start at 0 on the first bar fed, so they depend on where the series starts. A bar with a null input " +
                 "is null in every column and leaves the statistics unchanged. O(1) per bar."))
{
    private static readonly OutputList Outputs = new();
    private static readonly IntOutput Event = Outputs.Int("event", "+1 when the upward sum crossed h on this bar, -1 when the downward one did, else 0.");
    private static readonly FloatOutput SPos = Outputs.Float("s_pos", "Upward statistic S+ after this bar (reset to 0 on an upward event).");
    private static readonly FloatOutput SNeg = Outputs.Float("s_neg", "Downward statistic S- after this bar (reset to 0 on a downward event).");

    protected override int WarmupBars(CusumParameters p) => InputSeries.Lead(p.Input);

    protected override IFeatureKernel CreateKernel(CusumParameters p, KernelContext context) => new Kernel(p.Input, p.H);

    private sealed class Kernel(InputKind input, double h) : FeatureKernel(Outputs)
    {
        private InputReader _input = new(input);
        private double _pos;
        private double _neg;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var events = outputs[Event];
            Span<double> sPos = outputs[SPos], sNeg = outputs[SNeg];
            for (var i = 0; i < bars.Length; i++)
            {
                var y = _input.Next(bars, i);
                if (double.IsNaN(y))
                {
                    events.SetNull(i);
                    sPos[i] = sNeg[i] = double.NaN;
                    continue;
                }
                _pos = Math.Max(0, _pos + y);
                _neg = Math.Min(0, _neg + y);
                var flag = 0;
                if (_neg < -h)
                {
                    _neg = 0;
                    flag = -1;
                }
                else if (_pos > h)
                {
                    _pos = 0;
                    flag = 1;
                }
                events.Set(i, flag);
                sPos[i] = _pos;
                sNeg[i] = _neg;
            }
        }
    }
}
