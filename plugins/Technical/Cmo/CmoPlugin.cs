using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Cmo;

/// <summary>The parameters of <see cref="CmoPlugin"/>.</summary>
public sealed class CmoParameters
{
    [Parameter("Number of close-to-close changes, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Chande Momentum Oscillator.</summary>
public sealed class CmoPlugin() : FeaturePlugin<CmoParameters>(TechnicalPack.Describe("technical.cmo", Outputs, ["close"],
    warmup: "period bars (the first value is at bar index `period`)",
    description: "Chande Momentum Oscillator on the close. Over the last `period` close-to-close changes, sum up = sum of " +
                 "rises, sum down = sum of falls (as positive numbers); CMO = 100*(up - down)/(up + down), null when " +
                 "both are 0."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Cmo = Outputs.Float("cmo", "100*(sum up - sum down)/(sum up + sum down) over `period` changes, -100..100.");

    protected override int WarmupBars(CmoParameters p) => p.Period;

    protected override IFeatureKernel CreateKernel(CmoParameters p, KernelContext context) => new CmoKernel(p.Period);

    private sealed class CmoKernel(int period) : FeatureKernel(Outputs)
    {
        private readonly RollingSum _up = new(period);
        private readonly RollingSum _down = new(period);
        private readonly RollingCount _moves = new(period);
        private double _previousClose = double.NaN;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            var cmo = outputs[Cmo];
            for (var i = 0; i < close.Length; i++)
            {
                var c = close[i];
                var previous = _previousClose;
                _previousClose = c;
                cmo[i] = double.NaN;
                if (double.IsNaN(previous)) continue;
                _up.Add(c > previous ? c - previous : 0);
                _down.Add(c < previous ? previous - c : 0);
                _moves.Add(c != previous);
                if (!_up.IsFull) continue;
                var (up, down) = (_up.Sum, _down.Sum);
                if (_moves.Count > 0 && up + down != 0) cmo[i] = 100 * (up - down) / (up + down);
            }
        }
    }
}
