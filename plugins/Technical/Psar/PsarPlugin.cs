using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Psar;

/// <summary>The parameters of <see cref="PsarPlugin"/>.</summary>
public sealed class PsarParameters
{
    [Parameter("Increment of the acceleration factor on each new extreme.", Minimum = 0.000001, Maximum = 1)]
    public double AccelerationStep { get; init; } = 0.02;

    [Parameter("Cap of the acceleration factor; at least acceleration_step.", Minimum = 0.000001, Maximum = 1)]
    public double MaxAccelerationFactor { get; init; } = 0.2;

    [Parameter("Acceleration factor after each reversal; at most max_acceleration_factor.", Minimum = 0.000001, Maximum = 1)]
    public double InitialFactor { get; init; } = 0.02;
}

/// <summary>Parabolic SAR (stop and reverse).</summary>
public sealed class PsarPlugin() : FeaturePlugin<PsarParameters>(TechnicalPack.Describe("technical.psar", Outputs, ["high", "low"],
    warmup: "data-dependent: null until the first reversal (unbounded); 14 bars declared as a heuristic",
    description: "Parabolic SAR (Wilder). Starts from a guessed rising trend with EP = first high and SAR = first low; each bar " +
                 "SAR += AF*(EP - SAR), capped by the previous two lows (rising) or highs (falling). A low below (high above) the " +
                 "SAR reverses: SAR = EP, AF = initial_factor, EP = that bar's low (high). A new extreme raises AF by " +
                 "acceleration_step up to max_acceleration_factor. Because the opening trend is a guess, every row up to and " +
                 "including the first reversal is null."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Sar = Outputs.Float("sar", "Stop-and-reverse level.", OutputUnit.Price);
    private static readonly BoolOutput IsReversal = Outputs.Bool("is_reversal", "True on the bar where the trend flips.");

    // The first value follows the first reversal, which has no fixed bound; 14 bars covers typical daily data.
    protected override int WarmupBars(PsarParameters p) => 14;

    protected override IEnumerable<ParameterError> Validate(PsarParameters p)
    {
        var max = p.MaxAccelerationFactor;
        if (p.AccelerationStep > max)
            yield return Error(nameof(p.AccelerationStep), $"{NameOf(nameof(p.AccelerationStep))} must not exceed {NameOf(nameof(p.MaxAccelerationFactor))}");
        if (p.InitialFactor > max)
            yield return Error(nameof(p.InitialFactor), $"{NameOf(nameof(p.InitialFactor))} must not exceed {NameOf(nameof(p.MaxAccelerationFactor))}");
    }

    protected override IFeatureKernel CreateKernel(PsarParameters p, KernelContext context) =>
        new PsarKernel(p.AccelerationStep, p.MaxAccelerationFactor, p.InitialFactor);

    private sealed class PsarKernel(double step, double maxFactor, double initialFactor) : FeatureKernel(Outputs)
    {
        private long _index = -1;
        private double _factor;
        private double _extreme;
        private double _sar;
        private bool _rising = true;
        private bool _reversed;
        private double _low1, _low2, _high1, _high2;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var sarOut = outputs[Sar];
            var isReversal = outputs[IsReversal];
            for (var i = 0; i < bars.Length; i++)
            {
                _index++;
                double h = bars.High[i], l = bars.Low[i];
                sarOut[i] = double.NaN;
                isReversal.SetNull(i);
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
                    sarOut[i] = psar;
                    isReversal.Set(i, reversal);
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
