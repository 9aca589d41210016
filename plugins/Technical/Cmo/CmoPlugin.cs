using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Cmo;

/// <summary>Chande Momentum Oscillator.</summary>
public sealed class CmoPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
        [OutputColumn.Float("cmo", "100*(sum up - sum down)/(sum up + sum down) over `period` changes, -100..100.")];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.cmo",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "Chande Momentum Oscillator on the close. Over the last `period` close-to-close changes, sum up = sum of " +
                      "rises, sum down = sum of falls (as positive numbers); CMO = 100*(up - down)/(up + down), null when " +
                      "both are 0.",
        Parameters = [ParameterSpec.Integer("period", 14, 1, TechnicalPack.MaxPeriod, "Number of close-to-close changes, in bars.")],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "period bars (the first value is at bar index `period`)",
    };

    public int WarmupBars(ParameterValues parameters) => parameters.GetInt32("period");

    public IFeatureKernel CreateKernel(KernelContext context) => new CmoKernel(context.Parameters.GetInt32("period"));

    private sealed class CmoKernel(int period) : BarKernel(Outputs)
    {
        private readonly RollingSum _up = new(period);
        private readonly RollingSum _down = new(period);
        private readonly RollingCount _moves = new(period);
        private double _previousClose = double.NaN;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var cmo = outputs[0];
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
