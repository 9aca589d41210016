using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Psar;

/// <summary>Parabolic SAR (stop and reverse).</summary>
public sealed class PsarPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("sar", "Stop-and-reverse level."),
        OutputColumn.Bool("is_reversal", "True on the bar where the trend flips."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.psar",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Parabolic SAR (Wilder). Starts from a guessed rising trend with EP = first high and SAR = first low; each bar " +
                      "SAR += AF*(EP - SAR), capped by the previous two lows (rising) or highs (falling). A low below (high above) the " +
                      "SAR reverses: SAR = EP, AF = initial_factor, EP = that bar's low (high). A new extreme raises AF by " +
                      "acceleration_step up to max_acceleration_factor. Because the opening trend is a guess, every row up to and " +
                      "including the first reversal is null.",
        Parameters =
        [
            ParameterSpec.Number("acceleration_step", 0.02, 0.000001, 1, "Increment of the acceleration factor on each new extreme."),
            ParameterSpec.Number("max_acceleration_factor", 0.2, 0.000001, 1, "Cap of the acceleration factor; at least acceleration_step."),
            ParameterSpec.Number("initial_factor", 0.02, 0.000001, 1, "Acceleration factor after each reversal; at most max_acceleration_factor."),
        ],
        Outputs = Outputs,
        InputColumns = ["high", "low"],
        WarmupRule = "data-dependent: null until the first reversal (unbounded); 14 bars declared as a heuristic",
    };

    // The first value follows the first reversal, which has no fixed bound; 14 bars covers typical daily data.
    public int WarmupBars(ParameterValues parameters) => 14;

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        var max = parameters.GetDouble("max_acceleration_factor");
        if (parameters.GetDouble("acceleration_step") > max)
            yield return new ParameterError("acceleration_step", "acceleration_step must not exceed max_acceleration_factor");
        if (parameters.GetDouble("initial_factor") > max)
            yield return new ParameterError("initial_factor", "initial_factor must not exceed max_acceleration_factor");
    }

    public IFeatureKernel CreateKernel(KernelContext context)
    {
        var p = context.Parameters;
        return new PsarKernel(p.GetDouble("acceleration_step"), p.GetDouble("max_acceleration_factor"), p.GetDouble("initial_factor"));
    }

    private sealed class PsarKernel(double step, double maxFactor, double initialFactor) : BarKernel(Outputs)
    {
        private long _index = -1;
        private double _factor;
        private double _extreme;
        private double _sar;
        private bool _rising = true;
        private bool _reversed;
        private double _low1, _low2, _high1, _high2;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            for (var i = 0; i < bars.Length; i++)
            {
                _index++;
                double h = bars.High[i], l = bars.Low[i];
                outputs[0][i] = outputs[1][i] = double.NaN;
                if (_index == 0)
                {
                    _factor = initialFactor;
                    _extreme = h;
                    _sar = l;
                    Shift(h, l);
                    continue;
                }

                bool reversal;
                double psar;
                if (_rising)
                {
                    var sar = _sar + _factor * (_extreme - _sar);
                    if (_index >= 2) sar = Math.Min(sar, Math.Min(_low1, _low2));
                    if (l < sar)
                    {
                        reversal = true;
                        psar = _extreme;
                        _rising = false;
                        _factor = initialFactor;
                        _extreme = l;
                    }
                    else
                    {
                        reversal = false;
                        psar = sar;
                        if (h > _extreme)
                        {
                            _extreme = h;
                            _factor = Math.Min(_factor + step, maxFactor);
                        }
                    }
                }
                else
                {
                    var sar = _sar - _factor * (_sar - _extreme);
                    if (_index >= 2) sar = Math.Max(sar, Math.Max(_high1, _high2));
                    if (h > sar)
                    {
                        reversal = true;
                        psar = _extreme;
                        _rising = true;
                        _factor = initialFactor;
                        _extreme = h;
                    }
                    else
                    {
                        reversal = false;
                        psar = sar;
                        if (l < _extreme)
                        {
                            _extreme = l;
                            _factor = Math.Min(_factor + step, maxFactor);
                        }
                    }
                }
                _sar = psar;
                Shift(h, l);

                // Everything up to the first reversal rests on the opening guess.
                if (_reversed)
                {
                    outputs[0][i] = psar;
                    outputs[1][i] = reversal ? 1 : 0;
                }
                else if (reversal)
                {
                    _reversed = true;
                }
            }
        }

        private void Shift(double h, double l)
        {
            _low2 = _low1;
            _low1 = l;
            _high2 = _high1;
            _high1 = h;
        }
    }
}
