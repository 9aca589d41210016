using Features.PluginSdk;

namespace Features.Plugins.Tests.Testing;

/// <summary>The contract rule a <see cref="ProbePlugin"/> breaks on purpose.</summary>
public enum ProbeFault
{
    None,
    ForgetsStateBetweenBatches,
    ReadsTheNextBar,
    DeclaresTooShortAWarmup,
    DividesByZero,
    IncompleteDescriptor,
}

/// <summary>
/// A simple moving average of the close that breaks one rule of the contract on request, so the kit's checks
/// can be shown to catch it. Compiled into the tests: it tests the kit, not the loading of plugins.
/// </summary>
public sealed class ProbePlugin(ProbeFault fault = ProbeFault.None) : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs = [OutputColumn.Float("sma", "Mean close of the last `period` bars.")];

    public PluginDescriptor Descriptor { get; } = fault == ProbeFault.IncompleteDescriptor
        ? new()
        {
            Key = "probe.SMA",
            Type = FeatureType.Technical,
            Version = "1.0",
            Description = "",
            Parameters =
            [
                new ParameterSpec { Name = "period", Type = ParameterType.Integer, Default = 10L, Minimum = 1, Description = "Lookback." },
            ],
            Outputs = [OutputColumn.Float("Sma", "")],
            WarmupRule = "",
        }
        : new()
        {
            Key = "probe.sma",
            Type = FeatureType.Technical,
            Version = "1.0.0",
            Description = "Mean close of the last `period` bars (a probe for the conformance kit).",
            Parameters = [ParameterSpec.Integer("period", 10, 1, 500, "Lookback, in bars.")],
            Outputs = Outputs,
            WarmupRule = "period - 1 bars",
        };

    public int WarmupBars(ParameterValues parameters) =>
        fault == ProbeFault.DeclaresTooShortAWarmup ? parameters.GetInt32("period") / 2 : parameters.GetInt32("period") - 1;

    public IFeatureKernel CreateKernel(KernelContext context) => new Kernel(context.Parameters.GetInt32("period"), fault);

    private sealed class Kernel(int period, ProbeFault fault) : BarKernel(Outputs)
    {
        private readonly double[] _ring = new double[period];
        private long _seen;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            if (fault == ProbeFault.ForgetsStateBetweenBatches) _seen = 0;
            var close = bars.Close;
            for (var i = 0; i < close.Length; i++)
            {
                _ring[_seen++ % period] = close[i];
                var sma = _seen >= period ? _ring.Sum() / period : double.NaN;
                outputs[0][i] = fault switch
                {
                    ProbeFault.ReadsTheNextBar when i + 1 < close.Length => sma + close[i + 1] - close[i],
                    ProbeFault.DividesByZero => sma + 1 / close[i],
                    _ => sma,
                };
            }
        }
    }
}
