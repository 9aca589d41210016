using Features.Plugins.Statistical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Statistical.Cusum;

/// <summary>Symmetric CUSUM filter (López de Prado): flags bars where cumulative moves exceed a threshold.</summary>
public sealed class CusumPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Int("event", "+1 when the upward sum crossed h on this bar, -1 when the downward one did, else 0."),
        OutputColumn.Float("s_pos", "Upward statistic S+ after this bar (reset to 0 on an upward event)."),
        OutputColumn.Float("s_neg", "Downward statistic S- after this bar (reset to 0 on a downward event)."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "statistical.cusum",
        Type = FeatureType.Statistical,
        Version = StatisticalPack.Version,
        Description =
            "Symmetric CUSUM filter on the input increments y_t (AFML §2.5.2.1): S+ = max(0, S+ + y_t), S- = min(0, S- + y_t); " +
            "if S- < -h the bar is a -1 event and S- resets to 0, else if S+ > h it is a +1 event and S+ resets to 0. The " +
            "statistics start at 0 on the first bar fed, so they depend on where the series starts. A bar with a null input " +
            "is null in every column and leaves the statistics unchanged. O(1) per bar.",
        Parameters =
        [
            InputSeries.Parameter("log_return", "the filter accumulates increments; log returns make h a relative move."),
            ParameterSpec.Number("h", 0.02, 1e-12, 1e12, "Threshold on the cumulative sums, in the units of the input (0.02 = 2% in log returns)."),
        ],
        Outputs = Outputs,
        InputColumns = InputSeries.Columns,
        WarmupRule = "none for a bar-field input; 1 bar when input is `return` or `log_return`",
    };

    public int WarmupBars(ParameterValues parameters) => InputSeries.Lead(InputSeries.From(parameters));

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new Kernel(InputSeries.From(p), p.GetDouble("h"));
    }

    private sealed class Kernel(InputKind input, double h) : BarKernel(Outputs)
    {
        private InputReader _input = new(input);
        private double _pos;
        private double _neg;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                var y = _input.Next(bars, i);
                if (double.IsNaN(y))
                {
                    outputs[0][i] = outputs[1][i] = outputs[2][i] = double.NaN;
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
                outputs[0][i] = flag;
                outputs[1][i] = _pos;
                outputs[2][i] = _neg;
            }
        }
    }
}
