using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Uo;

/// <summary>Ultimate Oscillator.</summary>
public sealed class UoPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("ultimate", "Ultimate Oscillator, 0..100.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.uo",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Ultimate Oscillator (Williams): buying pressure BP = C - min(L, Cprev), TR = max(H, Cprev) - min(L, Cprev); " +
                      "A_n = sum(BP)/sum(TR) over n bars for the short, middle and long windows; UO = 100*(4*A_short + 2*A_middle + A_long)/7. " +
                      "The first bar contributes nothing; null while any TR sum is 0.",
        Parameters =
        [
            ParameterSpec.Integer("short_period", 7, 1, TechnicalPack.MaxPeriod, "Short window, in bars."),
            ParameterSpec.Integer("middle_period", 14, 1, TechnicalPack.MaxPeriod, "Middle window, in bars; greater than short_period."),
            ParameterSpec.Integer("long_period", 28, 1, TechnicalPack.MaxPeriod, "Long window, in bars; greater than middle_period."),
        ],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "long_period bars (the first value is at bar index `long_period`)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("long_period");

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        if (parameters.GetInt32("short_period") >= parameters.GetInt32("middle_period"))
            yield return new ParameterError("middle_period", "middle_period must be greater than short_period");
        if (parameters.GetInt32("middle_period") >= parameters.GetInt32("long_period"))
            yield return new ParameterError("long_period", "long_period must be greater than middle_period");
    }

    public IFeatureKernel CreateKernel(KernelContext context) => new UoKernel(
        context.Parameters.GetInt32("short_period"), context.Parameters.GetInt32("middle_period"), context.Parameters.GetInt32("long_period"));

    private sealed class UoKernel(int shortPeriod, int middlePeriod, int longPeriod) : BarKernel(Outputs)
    {
        private readonly RollingSum _bpShort = new(shortPeriod), _trShort = new(shortPeriod);
        private readonly RollingSum _bpMiddle = new(middlePeriod), _trMiddle = new(middlePeriod);
        private readonly RollingSum _bpLong = new(longPeriod), _trLong = new(longPeriod);
        private long _index = -1;
        private double _previousClose;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var uo = outputs[0];
            for (var i = 0; i < bars.Length; i++)
            {
                _index++;
                double l = bars.Low[i], c = bars.Close[i];
                double bp = 0, tr = 0;
                if (_index > 0)
                {
                    bp = c - Math.Min(l, _previousClose);
                    tr = Math.Max(bars.High[i], _previousClose) - Math.Min(l, _previousClose);
                }
                _previousClose = c;
                _bpShort.Add(bp); _trShort.Add(tr);
                _bpMiddle.Add(bp); _trMiddle.Add(tr);
                _bpLong.Add(bp); _trLong.Add(tr);

                uo[i] = double.NaN;
                if (_index < longPeriod) continue;
                double t1 = _trShort.Sum, t2 = _trMiddle.Sum, t3 = _trLong.Sum;
                if (t1 == 0 || t2 == 0 || t3 == 0) continue;
                uo[i] = 100d * (4d * (_bpShort.Sum / t1) + 2d * (_bpMiddle.Sum / t2) + _bpLong.Sum / t3) / 7d;
            }
        }
    }
}
