using Apache.Arrow;
using Apache.Arrow.Types;
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
    KeepsItsInputBatch,
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

    public IFeatureKernel CreateKernel(KernelContext context) => fault == ProbeFault.KeepsItsInputBatch
        ? new KeepingKernel(context.Parameters.GetInt32("period"))
        : new Kernel(context.Parameters.GetInt32("period"), fault);

    /// <summary>The same mean, but it keeps each input batch to read its closes later instead of copying them.</summary>
    private sealed class KeepingKernel(int period) : IFeatureKernel
    {
        private readonly List<RecordBatch> _kept = [];

        public RecordBatch Process(RecordBatch bars)
        {
            _kept.Add(bars);
            var closes = _kept.SelectMany(b => ((DoubleArray)b.Column(4)).Values.ToArray()).ToArray();
            var values = new DoubleArray.Builder();
            for (var i = closes.Length - bars.Length; i < closes.Length; i++)
            {
                if (i + 1 < period) values.AppendNull();
                else values.Append(closes.AsSpan(i + 1 - period, period).ToArray().Sum() / period);
            }
            var schema = new Schema.Builder().Field(f => f.Name("sma").DataType(DoubleType.Default).Nullable(true)).Build();
            return new RecordBatch(schema, [values.Build()], bars.Length);
        }

        public void Dispose()
        {
        }
    }

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
