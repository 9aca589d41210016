using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Vortex;

/// <summary>The parameters of <see cref="VortexPlugin"/>.</summary>
public sealed class VortexParameters
{
    [Parameter("Number of bar-to-bar movements summed.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Vortex Indicator (VI+ and VI-).</summary>
public sealed class VortexPlugin() : FeaturePlugin<VortexParameters>(TechnicalPack.Describe("technical.vortex", Outputs, ["high", "low", "close"],
    warmup: "period bars (the first value is at bar index `period`)",
    description: "Vortex Indicator: VM+ = |H - Lprev|, VM- = |L - Hprev|, TR = true range; VI+ = sum(VM+)/sum(TR) and " +
                 "VI- = sum(VM-)/sum(TR) over the last `period` bars (the first bar has no movement). Null while the TR sum is 0."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Pvi = Outputs.Float("pvi", "VI+: sum of |H - Lprev| over `period` bars divided by the sum of true range.");
    private static readonly FloatOutput Nvi = Outputs.Float("nvi", "VI-: sum of |L - Hprev| over `period` bars divided by the sum of true range.");

    protected override int WarmupBars(VortexParameters p) => p.Period;

    protected override IFeatureKernel CreateKernel(VortexParameters p, KernelContext context) => new VortexKernel(p.Period);

    private sealed class VortexKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly RollingSum _tr = new(period);
        private readonly RollingSum _plus = new(period);
        private readonly RollingSum _minus = new(period);
        private bool _started;
        private double _previousHigh;
        private double _previousLow;
        private double _previousClose;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var pvi = outputs[Pvi];
            var nvi = outputs[Nvi];
            for (var i = 0; i < bars.Length; i++)
            {
                double h = bars.High[i], l = bars.Low[i], c = bars.Close[i];
                pvi[i] = nvi[i] = double.NaN;
                if (_started)
                {
                    _tr.Add(TrueRange.Of(h, l, _previousClose));
                    _plus.Add(Math.Abs(h - _previousLow));
                    _minus.Add(Math.Abs(l - _previousHigh));
                    var sumTr = _tr.Sum;
                    if (_tr.IsFull && sumTr != 0)
                    {
                        pvi[i] = _plus.Sum / sumTr;
                        nvi[i] = _minus.Sum / sumTr;
                    }
                }
                _started = true;
                _previousHigh = h;
                _previousLow = l;
                _previousClose = c;
            }
        }
    }
}
