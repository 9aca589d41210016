using System.Runtime.Intrinsics;
using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Obv;

/// <summary>The parameters of <see cref="ObvPlugin"/>: none.</summary>
public sealed class ObvParameters;

/// <summary>On-Balance Volume.</summary>
public sealed class ObvPlugin() : FeaturePlugin<ObvParameters>(TechnicalPack.Describe("technical.obv", Outputs, ["close", "volume"],
    warmup: "none (obv is cumulative from the first bar)",
    description: "On-Balance Volume: starts at 0 on the first bar fed; then adds the bar's volume when the close is above " +
                 "the previous close, subtracts it when below, and carries the previous value when unchanged. Its level " +
                 "depends on where the series starts (its changes do not)."))
{
    private static readonly OutputList Outputs = new();
    private static readonly FloatOutput Obv = Outputs.Float("obv", "Cumulative volume, added on up closes and subtracted on down closes; 0 on the first bar.");

    protected override int WarmupBars(ObvParameters p) => 0;

    protected override IFeatureKernel CreateKernel(ObvParameters p, KernelContext context) => new ObvKernel();

    private sealed class ObvKernel() : FeatureKernel(Outputs)
    {
        private double _previousClose = double.NaN;
        private double _obv;

        protected override void Compute(in BarSpans bars, in KernelOutputs outputs)
        {
            var close = bars.Close;
            var volume = bars.Volume;
            var obv = outputs[Obv];
            // Locals in the loop keep the running total in a register; the fields carry it across batches.
            var (previous, total) = (_previousClose, _obv);
            for (var i = 0; i < close.Length; i++)
            {
                var c = close[i];
                total += SignedVolume(c, previous, volume[i]);
                previous = c;
                obv[i] = total;
            }
            (_previousClose, _obv) = (previous, total);
        }

        /// <summary>
        /// +volume on an up close, -volume on a down close, +0 otherwise (adding it is exactly the if/else it
        /// replaces), with compare masks instead of branches: on a random walk the direction is a coin flip the
        /// branch predictor misses half the time.
        /// </summary>
        private static double SignedVolume(double close, double previous, double volume)
        {
            var (c, p, v) = (Vector128.CreateScalarUnsafe(close), Vector128.CreateScalarUnsafe(previous), Vector128.CreateScalarUnsafe(volume));
            return ((v & Vector128.GreaterThan(c, p)) - (v & Vector128.LessThan(c, p))).ToScalar();
        }
    }
}
