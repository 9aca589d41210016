using Features.Plugins.Technical.Common;
using Features.PluginSdk;

namespace Features.Plugins.Technical.Macd;

/// <summary>Moving Average Convergence/Divergence of the close.</summary>
public sealed class MacdPlugin : IFeaturePlugin
{
    private static readonly IReadOnlyList<OutputColumn> Outputs =
    [
        OutputColumn.Float("macd", "fast_ema - slow_ema."),
        OutputColumn.Float("signal", "EMA(signal_period) of macd."),
        OutputColumn.Float("histogram", "macd - signal."),
        OutputColumn.Float("fast_ema", "EMA(fast_period) of the close."),
        OutputColumn.Float("slow_ema", "EMA(slow_period) of the close."),
    ];

    public PluginDescriptor Descriptor { get; } = new()
    {
        Key = "technical.macd",
        Type = FeatureType.Technical,
        Version = TechnicalPack.Version,
        Description = "MACD: EMA(fast_period) - EMA(slow_period) of the close, with a signal line EMA(signal_period) of the " +
                      "MACD and histogram = macd - signal. Every EMA uses k = 2/(n+1) and is seeded with the simple mean of " +
                      "its first n inputs: fast_ema from bar fast_period-1, slow_ema and macd from bar slow_period-1, signal " +
                      "and histogram from bar slow_period+signal_period-2.",
        Parameters =
        [
            ParameterSpec.Integer("fast_period", 12, 1, TechnicalPack.MaxPeriod, "Lookback of the fast EMA, in bars; less than slow_period."),
            ParameterSpec.Integer("slow_period", 26, 2, TechnicalPack.MaxPeriod, "Lookback of the slow EMA, in bars."),
            ParameterSpec.Integer("signal_period", 9, 1, TechnicalPack.MaxPeriod, "Lookback of the signal EMA of the MACD, in bars."),
        ],
        Outputs = Outputs,
        InputColumns = ["close"],
        WarmupRule = "slow_period + signal_period - 2 bars",
    };

    public int WarmupBars(ParameterValues parameters) =>
        parameters.GetInt32("slow_period") + parameters.GetInt32("signal_period") - 2;

    public IEnumerable<ParameterError> Validate(ParameterValues parameters)
    {
        if (parameters.GetInt32("fast_period") >= parameters.GetInt32("slow_period"))
        {
            yield return new ParameterError("fast_period", "'fast_period' must be less than 'slow_period'");
        }
    }

    public IFeatureKernel CreateKernel(KernelContext context) => new MacdKernel(
        context.Parameters.GetInt32("fast_period"), context.Parameters.GetInt32("slow_period"), context.Parameters.GetInt32("signal_period"));

    private sealed class MacdKernel(int fastPeriod, int slowPeriod, int signalPeriod) : BarKernel(Outputs)
    {
        private readonly ReseedingEma _fast = new(fastPeriod, 2.0 / (fastPeriod + 1));
        private readonly ReseedingEma _slow = new(slowPeriod, 2.0 / (slowPeriod + 1));
        private readonly ReseedingEma _signal = new(signalPeriod, 2.0 / (signalPeriod + 1), currentFirst: true);
        private long _index = -1;

        protected override void Compute(in BarSpans bars, double[][] outputs)
        {
            var close = bars.Close;
            var (macd, signal, histogram, fastEma, slowEma) = (outputs[0], outputs[1], outputs[2], outputs[3], outputs[4]);
            var i = 0;
            while (i < close.Length)
            {
                if (double.IsNaN(_fast.Value + _slow.Value + _signal.Value))
                {
                    // Warm-up or a gap: bar by bar, seeding as the reference does.
                    _index++;
                    var fast = _fast.Add(close[i], _index >= fastPeriod - 1);
                    var slow = _slow.Add(close[i], _index >= slowPeriod - 1);
                    var m = fast - slow;
                    Write(i, m, _signal.Add(m, _index >= signalPeriod + slowPeriod - 2), fast, slow);
                    i++;
                    continue;
                }
                // All three EMAs have values, so each bar is just the three EMA steps Add would take: a loop with
                // the values in registers, then the rings filled once. It stops once a value turns NaN (a NaN input).
                var start = i;
                var (f, s, g) = (_fast.Value, _slow.Value, _signal.Value);
                i += SteadyRun(close[start..], macd.AsSpan(start), signal.AsSpan(start), histogram.AsSpan(start),
                    fastEma.AsSpan(start), slowEma.AsSpan(start), (_fast.K, _slow.K, _signal.K), ref f, ref s, ref g);
                _index += i - start;
                _fast.Resume(f, close[start..i]);
                _slow.Resume(s, close[start..i]);
                _signal.Resume(g, macd.AsSpan(start, i - start));
            }

            void Write(int i, double m, double s, double fast, double slow)
            {
                macd[i] = m;
                signal[i] = s;
                histogram[i] = m - s;
                fastEma[i] = fast;
                slowEma[i] = slow;
            }
        }

        // A method of its own with nothing but the loop, so the JIT keeps the three values in registers (inside
        // Compute it spilled two of them to the stack every bar, on their dependency chains). Returns the bars done.
        private static int SteadyRun(ReadOnlySpan<double> close, Span<double> macd, Span<double> signal, Span<double> histogram,
            Span<double> fastEma, Span<double> slowEma, (double Fast, double Slow, double Signal) k, ref double fastValue,
            ref double slowValue, ref double signalValue)
        {
            var (f, s, g) = (fastValue, slowValue, signalValue);
            var (kFast, kSlow, kSignal) = k;
            var i = 0;
            for (; i < close.Length && !double.IsNaN(f + s + g); i++)
            {
                var x = close[i];
                f += kFast * (x - f);
                s += kSlow * (x - s);
                var m = f - s;
                g += kSignal * (m - g);
                macd[i] = m;
                signal[i] = g;
                histogram[i] = m - g;
                fastEma[i] = f;
                slowEma[i] = s;
            }
            (fastValue, slowValue, signalValue) = (f, s, g);
            return i;
        }
    }
}
