using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Smi;

/// <summary>Stochastic Momentum Index.</summary>
public sealed class SmiPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("smi", "Stochastic Momentum Index, -100..100."),
        OutputColumn.Float("signal", "EMA(signal_period) of smi, seeded with the first smi."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.smi",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Stochastic Momentum Index (Blau): over the last `period` bars, SM = C - (HH+LL)/2 and HL = HH - LL; both are " +
                      "double-smoothed by EMAs (first_smoothing_period, then second_smoothing_period, k = 2/(N+1)), each EMA seeded " +
                      "with the first raw value (no SMA seed); SMI = 100 * EMA2(EMA1(SM)) / (0.5 * EMA2(EMA1(HL))), null when the " +
                      "smoothed range is 0. Signal = EMA(signal_period) of SMI seeded with the first SMI.",
        Parameters =
        [
            ParameterSpec.Integer("period", 13, 1, TechnicalPack.MaxPeriod, "Lookback for the highest high and lowest low, in bars."),
            ParameterSpec.Integer("first_smoothing_period", 25, 1, TechnicalPack.MaxPeriod, "Length of the first EMA smoothing."),
            ParameterSpec.Integer("second_smoothing_period", 2, 1, TechnicalPack.MaxPeriod, "Length of the second EMA smoothing."),
            ParameterSpec.Integer("signal_period", 3, 1, TechnicalPack.MaxPeriod, "Length of the signal EMA."),
        ],
        Outputs = Outputs,
        InputColumns = ["high", "low", "close"],
        WarmupRule = "period - 1 bars (the EMAs are seeded with their first input, so values start at once but converge slowly)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new SmiKernel(p.GetInt32("period"), p.GetInt32("first_smoothing_period"),
            p.GetInt32("second_smoothing_period"), p.GetInt32("signal_period"));
    }

    private sealed class SmiKernel(int period, int first, int second, int signalPeriod) : BarKernel(Outputs)
    {
        private readonly RollingExtreme _highest = new(period, maximum: true);
        private readonly RollingExtreme _lowest = new(period, maximum: false);
        private readonly double _k1 = 2d / (first + 1);
        private readonly double _k2 = 2d / (second + 1);
        private readonly double _kS = 2d / (signalPeriod + 1);
        private bool _seeded;
        private double _sm1, _sm2, _hl1, _hl2, _signal;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                _highest.Add(bars.High[i]);
                _lowest.Add(bars.Low[i]);
                outputs[0][i] = outputs[1][i] = double.NaN;
                if (!_highest.IsFull) continue;

                double hh = _highest.Value, ll = _lowest.Value;
                var sm = bars.Close[i] - 0.5d * (hh + ll);
                var hl = hh - ll;
                if (!_seeded)
                {
                    _sm1 = _sm2 = sm;
                    _hl1 = _hl2 = hl;
                }
                _sm1 += _k1 * (sm - _sm1);
                _hl1 += _k1 * (hl - _hl1);
                _sm2 += _k2 * (_sm1 - _sm2);
                _hl2 += _k2 * (_hl1 - _hl2);

                var smi = _hl2 != 0 ? 100 * (_sm2 / (0.5 * _hl2)) : double.NaN;
                if (!_seeded)
                {
                    _signal = smi;
                    _seeded = true;
                }
                // A null SMI leaves the signal where it was rather than poisoning it for good.
                if (!double.IsNaN(smi))
                {
                    _signal = double.IsNaN(_signal) ? smi : _signal + _kS * (smi - _signal);
                }
                outputs[0][i] = smi;
                outputs[1][i] = double.IsNaN(smi) ? double.NaN : _signal;
            }
        }
    }
}
