using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Roc;

/// <summary>The parameters of <see cref="RocPlugin"/>.</summary>
public sealed class RocParameters
{
    [Parameter("Lookback, in bars.", Minimum = 1, Maximum = TechnicalPack.MaxPeriod)]
    public int Period { get; init; } = 14;
}

/// <summary>Momentum and rate of change of the close.</summary>
public sealed class RocPlugin() : FeaturePlugin<RocParameters>(TechnicalPack.Describe("technical.roc", Outputs, ["close"],
    warmup: "period bars (the first value is at bar index `period`)",
    description: "Rate of Change. momentum = C - C[period bars ago]; roc = 100*momentum/C[period bars ago], in percent, " +
                 "null when the earlier close is 0."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Momentum = Outputs.Float("momentum", "close - close `period` bars ago.");
    private static readonly FloatOutput Roc = Outputs.Float("roc", "100*momentum/close `period` bars ago; null when that close is 0.");

    protected override int WarmupBars(RocParameters p) => p.Period;

    protected override IFeatureKernel CreateKernel(RocParameters p, KernelContext context) => new RocKernel(p.Period);

    private sealed class RocKernel(int period) : FeatureKernel(Outputs)
    {
        // The last period + 1 closes; the slot after the newest holds the close `period` bars back.
        private readonly double[] _ring = new double[period + 1];
        private int _next;
        private long _count;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            Span<double> momentum = outputs[Momentum], roc = outputs[Roc];
            // The ring's position in locals for the batch: a store through an output span may alias any field, so
            // the JIT would reload them after every row (a DelayLine object's fields cost this 3 ns/bar kernel 5-10%).
            var (ring, next, count) = (_ring, _next, _count);
            for (var i = 0; i < close.Length; i++)
            {
                ring[next] = close[i];
                next = next + 1 == ring.Length ? 0 : next + 1;
                if (++count <= period)
                {
                    momentum[i] = roc[i] = double.NaN;
                    continue;
                }
                var back = ring[next];
                var m = close[i] - back;
                momentum[i] = m;
                roc[i] = back == 0 ? double.NaN : 100d * m / back;
            }
            (_next, _count) = (next, count);
        }
    }
}
